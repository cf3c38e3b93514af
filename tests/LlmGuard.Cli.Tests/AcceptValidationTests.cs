using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class AcceptValidationTests
{
    [TestCase("garbage\n", "does not start with '# llmguard snapshot 1'")]
    [TestCase("# llmguard snapshot 1\nsuite s1\n---\nx", "not 'key: value'")]
    [TestCase("# llmguard snapshot 1\nsuite: geo\ncase: japan\n---\nTokyo.", "recorded for geo/japan, not geo/spain")]
    public async Task A_received_file_that_is_not_this_cases_snapshot_is_refused_and_nothing_is_accepted(string content, string problem)
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers["Capital of France?"] = "Paris!";
        sample.WriteAnswers();
        Assert.That((await sample.RunAsync("run")).ExitCode, Is.EqualTo(1));
        File.WriteAllText(sample.Workspace.ReceivedPath("geo", "spain"), content);
        var before = sample.Workspace.Files();

        var result = await sample.RunAsync("accept", "--all");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain(sample.Workspace.ReceivedPath("geo", "spain")).And.Contain(problem));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty, "not even the valid received file is accepted");
        });
    }
}
