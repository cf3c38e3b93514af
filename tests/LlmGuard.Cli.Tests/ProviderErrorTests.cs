using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class ProviderErrorTests
{
    [Test]
    public async Task Provider_errors_alone_exit_with_3()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers.Remove("Capital of Japan?");
        sample.WriteAnswers();
        var before = sample.Workspace.Files();

        var result = await sample.RunAsync("run");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
            Assert.That(result.Out, Does.Match(@"\nprovider-error\s+geo/japan "));
            Assert.That(result.Out, Does.Contain("no answer for the prompt \"Capital of Japan?\""));
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty, "a provider error writes no received file");
        });
    }

    [Test]
    public async Task Provider_errors_beside_a_changed_case_exit_with_1()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers.Remove("Capital of Japan?");
        sample.Answers["What is 2 + 2?"] = "four";
        sample.WriteAnswers();

        var result = await sample.RunAsync("run");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
    }

    [Test]
    public async Task An_update_with_a_provider_error_keeps_the_old_snapshot()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var japan = File.ReadAllBytes(sample.Workspace.VerifiedPath("geo", "japan"));
        sample.Answers.Remove("Capital of Japan?");
        sample.WriteAnswers();

        var result = await sample.RunAsync("run", "--mode", "update");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
            Assert.That(File.ReadAllBytes(sample.Workspace.VerifiedPath("geo", "japan")), Is.EqualTo(japan));
        });
    }
}
