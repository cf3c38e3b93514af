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
        var leftover = Path.Combine(sample.Workspace.SnapshotsPath, "geo", ".france.verified.txt.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllText(leftover, "partial");

        var refused = await sample.RunAsync("prune");
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2), "whole suites are deleted only when asked: " + refused);
            Assert.That(refused.Error, Does.Contain("2 of these 3 file(s) belong to suites that are not in the suite set (math)").And.Contain("--yes"));
            Assert.That(refused.Out, Does.Contain("orphan  " + Path.Combine(sample.Workspace.SnapshotsPath, "math")));
            Assert.That(File.Exists(leftover), Is.True, "nothing is deleted when prune refuses");
        });

        var prune = await sample.RunAsync("prune", "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(prune.ExitCode, Is.Zero, prune.ToString());
            Assert.That(prune.Out, Does.Contain("3 orphaned file(s) deleted."));
            Assert.That(Directory.Exists(Path.Combine(sample.Workspace.SnapshotsPath, "math")), Is.False);
            Assert.That(File.Exists(leftover), Is.False);
            Assert.That(Directory.EnumerateFiles(sample.Workspace.SnapshotsPath, "*", SearchOption.AllDirectories).Count(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Prune_with_the_wrong_root_touches_nothing_that_is_not_an_llmguard_snapshot_at_its_depth()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var root = sample.Workspace.Root;
        sample.Workspace.Write("tests/Snapshots/deep/Calc.Adds.verified.txt", "Verify's snapshot of another project");
        sample.Workspace.Write("snapshots/geo/.france.verified.txt.swp", "an editor's temporary file");
        var before = sample.Workspace.Files();

        var prune = await InProcessCli.RunAsync("prune", "--suites", sample.Workspace.SuitesPath, "--snapshots", root, "--yes");

        Assert.Multiple(() =>
        {
            Assert.That(prune.ExitCode, Is.Zero, prune.ToString());
            Assert.That(prune.Out, Does.Contain("No orphaned snapshots."));
            Assert.That(sample.Workspace.Files().Keys, Is.EqualTo(before.Keys), "real snapshots one level deeper, another tool's files and an editor's file all stay");
        });
    }
}
