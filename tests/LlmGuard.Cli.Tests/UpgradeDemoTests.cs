using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// The README's third command, the offline upgrade demo (suites/upgrade), on a copy of the suite: every answer of the new
/// model is reworded, exact comparison would flag all ten, and the ladder flags only the two real behaviour changes.
/// </summary>
public sealed class UpgradeDemoTests
{
    [Test]
    public async Task The_ladder_flags_only_the_changed_fact_and_the_broken_format()
    {
        using var workspace = new TempWorkspace();
        var source = Path.Combine(RepositoryRoot.Path, "suites", "upgrade");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(workspace.Root, "upgrade", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var suite = Path.Combine(workspace.Root, "upgrade");
        var snapshots = Path.Combine(suite, "snapshots");
        var baseline = await InProcessCli.RunAsync("run", suite, "--snapshots", snapshots);
        var upgrade = await InProcessCli.RunAsync("run", suite, "--snapshots", snapshots, "--model", "support-assistant-2025-06");

        var flagged = upgrade.Out.Split('\n')
            .Where(line => line.StartsWith("changed ", StringComparison.Ordinal) || line.StartsWith("assertion-failed ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(baseline.ExitCode, Is.Zero, "the committed snapshots match the baseline model: " + baseline);
            Assert.That(upgrade.ExitCode, Is.EqualTo(1), upgrade.ToString());
            Assert.That(flagged, Is.EqualTo(new[] { "support-assistant/flagship-store", "support-assistant/escalation-steps" }));
            Assert.That(upgrade.Out, Does.Contain("FAIL support-assistant: 1 equivalent, 2 assertion-failed, 6 judged-equivalent, 1 intended-change"));
            Assert.That(upgrade.Out, Does.Contain("10 of 10 outputs differ from the baseline's text (exact comparison alone would flag them); the ladder accepted 7 (2 by assertions, 4 by extract, 1 by json)"));
            Assert.That(upgrade.Out, Does.Contain("intended changes (not gated): greeting"));
        });
    }
}
