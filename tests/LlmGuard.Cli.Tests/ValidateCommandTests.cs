using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Test]
    public async Task A_valid_suite_set_passes_and_nothing_is_written()
    {
        using var sample = new SampleWorkspace();
        var before = sample.Workspace.Files();
        var folders = FileTree.Folders(sample.Workspace.Root);

        var result = await sample.RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Out, Does.Contain("2 suite(s), 5 case(s) valid"));
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty);
            Assert.That(FileTree.Folders(sample.Workspace.Root), Is.EqualTo(folders));
        });
    }
}
