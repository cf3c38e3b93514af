using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>Nothing is accepted automatically on CI: update runs and accept are refused and write nothing.</summary>
public sealed class CiRefusalTests
{
    [TestCase("CI", "true")]
    [TestCase("GITHUB_ACTIONS", "true")]
    [TestCase("TF_BUILD", "True")]
    public async Task An_update_run_is_refused_on_ci(string variable, string value)
    {
        using var sample = new SampleWorkspace();
        var before = sample.Workspace.Files();

        var result = await sample.RunAsync(new Dictionary<string, string> { [variable] = value }, "run", "--mode", "update");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain("Refusing to update snapshots on a CI machine").And.Contain(variable));
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty);
            Assert.That(Directory.Exists(sample.Workspace.SnapshotsPath), Is.False);
        });
    }

    [Test]
    public async Task Update_chosen_by_environment_variable_is_refused_on_ci_too()
    {
        using var sample = new SampleWorkspace();
        var before = sample.Workspace.Files();

        var result = await sample.RunAsync(new Dictionary<string, string> { ["CI"] = "1", ["LLMGUARD_MODE"] = "update" }, "run");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty);
        });
    }

    [Test]
    public async Task Accept_is_refused_on_ci()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers["Capital of Spain?"] = "Madrid!";
        sample.WriteAnswers();
        Assert.That((await sample.RunAsync("run")).ExitCode, Is.EqualTo(1));
        var before = sample.Workspace.Files();

        var all = await sample.RunAsync(SampleWorkspace.OnCi, "accept", "--all");
        var one = await sample.RunAsync(SampleWorkspace.OnCi, "accept", "--case", "geo/spain");

        Assert.Multiple(() =>
        {
            Assert.That(all.ExitCode, Is.EqualTo(2), all.ToString());
            Assert.That(all.Error, Does.Contain("Refusing to accept snapshots on a CI machine"));
            Assert.That(one.ExitCode, Is.EqualTo(2), one.ToString());
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty);
            Assert.That(File.Exists(sample.Workspace.ReceivedPath("geo", "spain")), Is.True);
        });
    }
}
