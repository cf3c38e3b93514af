using System.Diagnostics;
using LlmGuard.IO;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Snapshots;

/// <summary>What prune may touch: only LlmGuard's own files, at the expected depth, with the snapshot signature.</summary>
public sealed class SnapshotPruneRulesTests
{
    private string root = "";
    private SnapshotStore store = null!;

    [SetUp]
    public void CreateStore()
    {
        root = Directory.CreateTempSubdirectory("llmguard-prune-").FullName;
        store = new SnapshotStore(root);
    }

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    [Test]
    public void Only_signed_snapshot_files_at_suite_depth_with_safe_names_are_orphans()
    {
        var orphan = Write("gone/old-case.verified.txt", Snapshot("gone", "old-case"));
        var caseGone = Write("kept/removed.received.txt", Snapshot("kept", "removed"));
        Write("kept/still-here.verified.txt", Snapshot("kept", "still-here"));
        Write("other-tool/Test.Method.verified.txt", "written by another snapshot tool");
        Write("deep/er/deeper/x.verified.txt", Snapshot("deeper", "x"));
        Write("top.verified.txt", Snapshot("top", "x"));
        Write("kept/.editor-swap.tmp", "an editor's temporary file");
        Write("kept/notes.txt", Snapshot("kept", "notes"));

        var orphans = store.FindOrphanFiles([Suite("kept", "still-here")]);

        Assert.That(orphans, Is.EqualTo(new[] { new OrphanFile(orphan, OrphanReason.SuiteGone), new OrphanFile(caseGone, OrphanReason.CaseGone) }));
    }

    [Test]
    public void A_temporary_file_of_a_running_writer_is_left_alone_and_one_of_a_dead_writer_is_removed()
    {
        using var running = Process.GetCurrentProcess();
        var live = Write($"kept/.a.verified.txt.{running.Id}.{Guid.NewGuid():N}.tmp", "in progress");
        var dead = Write($"kept/.b.verified.txt.{DeadProcessId()}.{Guid.NewGuid():N}.tmp", "left by a kill");
        var foreign = Write($"kept/.c.txt.{DeadProcessId()}.{Guid.NewGuid():N}.tmp", "not a snapshot's temporary file");

        var orphans = store.FindOrphanFiles([Suite("kept", "a", "b")]);
        var removed = store.RemoveStaleTemporaryFiles();

        Assert.Multiple(() =>
        {
            Assert.That(orphans, Is.EqualTo(new[] { new OrphanFile(dead, OrphanReason.Temporary) }));
            Assert.That(removed, Is.EqualTo(new[] { dead }));
            Assert.That(File.Exists(live), Is.True);
            Assert.That(File.Exists(foreign), Is.True);
        });
    }

    [Test]
    public void Atomic_writes_name_their_writer_so_a_leftover_can_be_told_from_a_write_in_progress()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AtomicFile.IsStale($".x.verified.txt.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"), Is.False);
            Assert.That(AtomicFile.IsStale($".x.verified.txt.{DeadProcessId()}.{Guid.NewGuid():N}.tmp"), Is.True);
            Assert.That(AtomicFile.IsStale($".x.verified.txt.{Guid.NewGuid():N}.tmp"), Is.True, "an older version's leftover");
            Assert.That(AtomicFile.IsStale(".x.verified.txt.tmp"), Is.False, "not this class's file");
        });
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private string Write(string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Snapshot(string suite, string caseId) => $"{SnapshotFormat.Signature}\nsuite: {suite}\ncase: {caseId}\n---\nanswer";

    private static Suite Suite(string id, params string[] caseIds) => new()
    {
        Id = id,
        Target = new TargetDefinition { Provider = "scripted", Model = "m" },
        Cases = [.. caseIds.Select(caseId => new SuiteCase { Id = caseId, Messages = [new ChatMessageDefinition("user", "hi")] })],
        FilePath = "/suites/" + id + ".yaml",
    };
}
