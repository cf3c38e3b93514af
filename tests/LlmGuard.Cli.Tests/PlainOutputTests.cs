using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>Redirected output (a log, a pipe) is plain and stable, checked on the real process where the CLI itself detects redirection.</summary>
public sealed class PlainOutputTests
{
    [Test]
    public async Task Redirected_output_has_no_escape_codes_and_is_identical_between_identical_runs()
    {
        using var sample = new SampleWorkspace();
        var root = sample.Workspace.Root;
        var record = await CliProcess.RunAsync(root, "run", "--mode", "update");
        sample.Answers["Capital of Spain?"] = "Madrid!\nA second line.";
        sample.WriteAnswers();

        // Every case is reported, including a diff, so the whole plain display is covered.
        var first = await CliProcess.RunAsync(root, "run", "--concurrency", "3");
        var second = await CliProcess.RunAsync(root, "run", "--concurrency", "3");

        Assert.Multiple(() =>
        {
            Assert.That(record.ExitCode, Is.Zero, record.ToString());
            Assert.That(first.ExitCode, Is.EqualTo(1), first.ToString());
            Assert.That(first.Out, Does.Contain("+Madrid!"));
            // A regex, because Does.Contain compares with the current culture, which ignores control characters such as ESC.
            Assert.That(record.AllOutput + first.AllOutput, Does.Not.Match(@"\x1b"), "no ANSI escape codes");
            Assert.That(second.Out, Is.EqualTo(first.Out));
            Assert.That(second.Error, Is.EqualTo(first.Error));
        });
    }
}
