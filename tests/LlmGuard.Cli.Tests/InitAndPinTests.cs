using LlmGuard.Cli.Tests.Infrastructure;
using LlmGuard.Local;

namespace LlmGuard.Cli.Tests;

public sealed class InitAndPinTests
{
    [Test]
    public async Task Init_creates_a_starter_that_validates_records_and_never_overwrites()
    {
        using var workspace = new TempWorkspace();
        Directory.Delete(workspace.SuitesPath);

        var init = await InProcessCli.RunAsync("init", "--directory", workspace.Root);
        var validate = await InProcessCli.RunAsync("validate", "--suites", workspace.SuitesPath);
        var record = await InProcessCli.RunAsync("run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);
        var starter = File.ReadAllBytes(workspace.PathOf("suites/starter.yaml"));
        var again = await InProcessCli.RunAsync("init", "--directory", workspace.Root);

        Assert.Multiple(() =>
        {
            Assert.That(init.ExitCode, Is.Zero, init.ToString());
            Assert.That(File.Exists(workspace.PathOf("suites/suite.schema.json")), Is.True);
            Assert.That(File.Exists(workspace.PathOf("tests/ModelRegression/ModelRegressionTests.cs")), Is.True);
            Assert.That(File.ReadAllText(workspace.PathOf("tests/ModelRegression/ModelRegressionTests.cs")), Does.Contain("public sealed class ModelRegressionTests : LlmGuardFixture"));
            Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
            Assert.That(record.ExitCode, Is.Zero, record.ToString());
            Assert.That(File.Exists(workspace.VerifiedPath("starter", "greeting")), Is.True);
            Assert.That(again.ExitCode, Is.EqualTo(2));
            Assert.That(again.Error, Does.Contain("already exist"));
            Assert.That(File.ReadAllBytes(workspace.PathOf("suites/starter.yaml")), Is.EqualTo(starter));
        });
    }

    [Test]
    public async Task Pin_writes_the_digest_and_a_different_model_behind_the_name_stops_the_run_before_any_case()
    {
        using var workspace = new TempWorkspace();
        var models = workspace.PathOf("models");
        var paths = DemoModels.EnsureCreated(models);
        File.Copy(paths.BasePath, workspace.PathOf("suites/model.gguf"));
        workspace.Write("suites/pinned.yaml", """
            id: pinned
            target:
              provider: local
              model: model.gguf   # the team's fine-tune, replaced in place by the next training run
              max_tokens: 8
            cases:
              - id: hello
                prompt: Say something happy
            """);

        var pin = await InProcessCli.RunAsync("pin", "--suites", workspace.SuitesPath);
        var suiteText = File.ReadAllText(workspace.PathOf("suites/pinned.yaml"));
        var recorded = await InProcessCli.RunAsync("run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);
        var retrained = File.ReadAllBytes(paths.BasePath);
        retrained[^1] ^= 1; // one weight of the output matrix differs
        File.WriteAllBytes(workspace.PathOf("suites/model.gguf"), retrained);
        var before = workspace.Files();
        var mismatch = await InProcessCli.RunAsync("run", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);

        Assert.Multiple(() =>
        {
            Assert.That(pin.ExitCode, Is.Zero, pin.ToString());
            Assert.That(suiteText, Does.Contain($"digest: \"sha256:{DemoModels.BaseSha256}\""));
            Assert.That(suiteText, Does.Contain("model: model.gguf   # the team's fine-tune"), "the rest of the file is kept");
            Assert.That(recorded.ExitCode, Is.Zero, recorded.ToString());
            Assert.That(mismatch.ExitCode, Is.EqualTo(2), mismatch.ToString());
            Assert.That(mismatch.Error, Does.Contain($"sha256:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(retrained))}").And.Contain("No case was run"));
            Assert.That(FileTree.Differences(before, workspace.Files()), Is.Empty);
        });
    }
}
