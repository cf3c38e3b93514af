using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class PruneTests
{
    [Test]
    public async Task Run_reports_orphans_and_prune_deletes_them()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var orphan = sample.Workspace.VerifiedPath("geo", "japan");
        sample.Workspace.Write("suites/geo.yaml", SampleWorkspace.GeoSuite.Replace("  - id: japan\n    prompt: Capital of Japan?\n    tags: [asia]\n", "", StringComparison.Ordinal));

        var run = await sample.RunAsync("run");
        var filteredRun = await sample.RunAsync("run", "--suite", "geo");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.Out, Does.Contain("1 orphaned snapshot file(s)").And.Contain(orphan));
            Assert.That(filteredRun.Out, Does.Not.Contain("orphaned"), "orphans are only known when every case ran");
            Assert.That(File.Exists(orphan), Is.True, "run only reports orphans");
        });

        var dryRun = await sample.RunAsync("prune", "--dry-run");
        Assert.Multiple(() =>
        {
            Assert.That(dryRun.ExitCode, Is.Zero, dryRun.ToString());
            Assert.That(dryRun.Out, Does.Contain("orphan  " + orphan));
            Assert.That(File.Exists(orphan), Is.True);
        });

        var prune = await sample.RunAsync("prune");
        var again = await sample.RunAsync("prune");
        var runAfter = await sample.RunAsync("run");
        Assert.Multiple(() =>
        {
            Assert.That(prune.ExitCode, Is.Zero, prune.ToString());
            Assert.That(prune.Out, Does.Contain("deleted " + orphan).And.Contain("1 orphaned file(s) deleted."));
            Assert.That(File.Exists(orphan), Is.False);
            Assert.That(File.Exists(sample.Workspace.VerifiedPath("geo", "france")), Is.True);
            Assert.That(again.Out, Does.Contain("No orphaned snapshots."));
            Assert.That(runAfter.Out, Does.Not.Contain("orphaned"));
        });
    }

    [Test]
    public async Task Prune_removes_a_deleted_suite_folder_and_leftover_temporary_files()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        File.Delete(Path.Combine(sample.Workspace.SuitesPath, "math.yaml"));
        var leftover = Path.Combine(sample.Workspace.SnapshotsPath, "geo", ".france.verified.txt.0123456789abcdef.tmp");
        File.WriteAllText(leftover, "partial");

        var prune = await sample.RunAsync("prune");

        Assert.Multiple(() =>
        {
            Assert.That(prune.ExitCode, Is.Zero, prune.ToString());
            Assert.That(prune.Out, Does.Contain("3 orphaned file(s) deleted."));
            Assert.That(Directory.Exists(Path.Combine(sample.Workspace.SnapshotsPath, "math")), Is.False);
            Assert.That(File.Exists(leftover), Is.False);
            Assert.That(Directory.EnumerateFiles(sample.Workspace.SnapshotsPath, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(3));
        });
    }
}
