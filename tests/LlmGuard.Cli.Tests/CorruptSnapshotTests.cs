using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class CorruptSnapshotTests
{
    [TestCase("verify")]
    [TestCase("update")]
    [TestCase("replay")]
    public async Task A_verified_file_with_a_broken_header_is_invalid_input_naming_the_file(string mode)
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var corrupt = sample.Workspace.VerifiedPath("math", "add");
        File.WriteAllText(corrupt, "# llmguard snapshot 1\nnot a header line\n---\n4");

        var result = await sample.RunAsync("run", "--mode", mode);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.StartWith(corrupt + ": not a valid snapshot file"));
            Assert.That(result.Error, Does.Not.Contain("Unhandled exception"));
            Assert.That(File.ReadAllText(corrupt), Does.StartWith("# llmguard snapshot 1\nnot a header line"), "the file is left for the user to fix");
        });
    }
}
