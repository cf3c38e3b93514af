using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>A mistyped command line is invalid input (exit 2), never mistaken for a failed gate (exit 1).</summary>
public sealed class CommandLineErrorTests
{
    [TestCase("run", "--concurrency", "0")]
    [TestCase("compare", "--concurrency", "0")]
    [TestCase("calibrate", "--concurrency", "2000")]
    [TestCase("run", "--mode", "bogus")]
    [TestCase("run", "--no-such-option")]
    [TestCase("accept", "--no-such-option")]
    [TestCase("no-such-command")]
    [TestCase]
    public async Task Exits_with_2_and_explains(params string[] args)
    {
        using var workspace = new TempWorkspace();
        var result = await InProcessCli.RunAsync([.. args, .. args.Length > 0 && args[0] is "run" or "compare" or "calibrate" ? new[] { "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath } : []]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Is.Not.Empty);
            Assert.That(Directory.Exists(workspace.SnapshotsPath), Is.False);
        });
    }

    [TestCase("run")]
    [TestCase("validate")]
    public async Task An_unexpected_exception_exits_with_2_and_one_escaped_line(string command)
    {
        using var sample = new SampleWorkspace();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, IsTerminal: false, TestEnvironment.Reader(),
            () => throw new InvalidOperationException("broken registry\n\u001b[2Jforged: error"));

        var exitCode = await CliApplication.RunAsync(            [command, "--suites", sample.Workspace.SuitesPath, .. command == "run" ? new[] { "--snapshots", sample.Workspace.SnapshotsPath } : []], context);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), error.ToString());
            Assert.That(error.ToString().TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), error.ToString());
            Assert.That(error.ToString(), Does.Contain("internal error (InvalidOperationException): broken registry\\u000A\\u001B[2Jforged: error"));
            Assert.That(error.ToString().Contains('\u001b', StringComparison.Ordinal), Is.False, "no raw ESC");
            Assert.That(error.ToString(), Does.Not.Contain("   at "), "no stack trace");
        });
    }
}
