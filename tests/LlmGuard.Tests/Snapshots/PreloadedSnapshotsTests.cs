using LlmGuard.Snapshots;

namespace LlmGuard.Tests.Snapshots;

public sealed class PreloadedSnapshotsTests
{
    private string root = "";
    private SnapshotStore store = null!;

    [SetUp]
    public void CreateStore()
    {
        root = Directory.CreateTempSubdirectory("llmguard-preload-").FullName;
        store = new SnapshotStore(root);
    }

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    [Test]
    public void Every_unreadable_file_is_a_problem_in_case_order_like_FindUnreadable()
    {
        store.Write(Document("s", "fine", "ok"), SnapshotKind.Verified);
        File.WriteAllText(store.PathOf("s", "broken-b", SnapshotKind.Verified), "# llmguard snapshot 1\nno header end");
        File.WriteAllBytes(store.PathOf("s", "broken-a", SnapshotKind.Verified), [0x23, 0x20, 0xFF, 0xFE, 0x0A]);
        (string, string)[] cases = [("s", "broken-b"), ("s", "fine"), ("s", "missing"), ("s", "broken-a")];

        var preloaded = PreloadedSnapshots.Read(store, cases);

        Assert.Multiple(() =>
        {
            Assert.That(preloaded.Problems, Is.EqualTo(store.FindUnreadable(cases)));
            Assert.That(preloaded.Problems, Has.Count.EqualTo(2));
            Assert.That(preloaded.Problems[0], Does.StartWith(store.PathOf("s", "broken-b", SnapshotKind.Verified)));
            Assert.That(preloaded.Problems[1], Does.StartWith(store.PathOf("s", "broken-a", SnapshotKind.Verified)));
        });
    }

    [Test]
    public void A_case_takes_its_document_once_and_a_missing_file_is_taken_as_null()
    {
        store.Write(Document("s", "fine", "ok"), SnapshotKind.Verified);
        var preloaded = PreloadedSnapshots.Read(store, [("s", "fine"), ("s", "missing")]);
        File.Delete(store.PathOf("s", "fine", SnapshotKind.Verified));

        var tookFine = preloaded.TryTake("s", "fine", out var fine);
        var tookMissing = preloaded.TryTake("s", "missing", out var missing);
        var tookAgain = preloaded.TryTake("s", "fine", out _);
        var tookUnknown = preloaded.TryTake("s", "other", out _);

        Assert.Multiple(() =>
        {
            Assert.That(tookFine, Is.True);
            Assert.That(fine?.Output, Is.EqualTo("ok"), "read before the file was deleted");
            Assert.That(tookMissing, Is.True);
            Assert.That(missing, Is.Null);
            Assert.That(tookAgain, Is.False);
            Assert.That(tookUnknown, Is.False);
        });
    }

    private static SnapshotDocument Document(string suite, string caseId, string output) => new() { Suite = suite, Case = caseId, Model = "m", Output = output };
}
