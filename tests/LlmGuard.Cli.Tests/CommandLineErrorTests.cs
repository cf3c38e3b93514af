using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>A mistyped command line is invalid input (exit 2), never mistaken for a failed gate (exit 1).</summary>
public sealed class CommandLineErrorTests
{
    [TestCase("run", "--concurrency", "0")]
    [TestCase("run", "--mode", "bogus")]
    [TestCase("run", "--no-such-option")]
    [TestCase("accept", "--no-such-option")]
    [TestCase("no-such-command")]
    [TestCase]
    public async Task Exits_with_2_and_explains(params string[] args)
    {
        using var workspace = new TempWorkspace();
        var result = await InProcessCli.RunAsync([.. args, .. args.Length > 0 && args[0] == "run" ? new[] { "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath } : []]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Is.Not.Empty);
            Assert.That(Directory.Exists(workspace.SnapshotsPath), Is.False);
        });
    }
}
