using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class ReplayTests
{
    [Test]
    public async Task Replay_calls_no_model()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        File.Delete(sample.Workspace.PathOf("suites/answers.json"));

        var replay = await sample.RunAsync("run", "--mode", "replay");
        var verify = await sample.RunAsync("run");

        Assert.Multiple(() =>
        {
            Assert.That(replay.ExitCode, Is.Zero, replay.ToString());
            Assert.That(replay.Out, Does.Contain("PASS geo: 3 unchanged").And.Contain("PASS math: 2 unchanged"));
            Assert.That(verify.ExitCode, Is.EqualTo(3), "without the answers file, calling the model fails: " + verify);
        });
    }

    [Test]
    public async Task Replay_reports_a_request_changed_after_a_prompt_edit()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        File.Delete(sample.Workspace.PathOf("suites/answers.json"));
        sample.Workspace.Write("suites/geo.yaml", SampleWorkspace.GeoSuite.Replace("Capital of Spain?", "What is the capital of Spain?", StringComparison.Ordinal));
        var before = sample.Workspace.Files();

        var replay = await sample.RunAsync("run", "--mode", "replay");

        Assert.Multiple(() =>
        {
            Assert.That(replay.ExitCode, Is.EqualTo(1), replay.ToString());
            Assert.That(replay.Out, Does.Match(@"\nrequest-changed\s+geo/spain "));
            Assert.That(SampleWorkspace.ReportedCases(replay.Out), Has.Count.EqualTo(5));
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty, "replay writes no snapshot");
        });
    }

    [Test]
    public async Task Replay_of_a_case_never_recorded_is_new_and_fails_the_gate()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        File.Delete(sample.Workspace.VerifiedPath("math", "add"));

        var replay = await sample.RunAsync("run", "--mode", "replay");

        Assert.Multiple(() =>
        {
            Assert.That(replay.ExitCode, Is.EqualTo(1), replay.ToString());
            Assert.That(replay.Out, Does.Match(@"\nnew\s+math/add "));
        });
    }
}
