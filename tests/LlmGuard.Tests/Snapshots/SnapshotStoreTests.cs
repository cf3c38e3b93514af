using System.Text;
using LlmGuard.IO;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Snapshots;

public sealed class SnapshotStoreTests
{
    private string root = "";
    private SnapshotStore store = null!;

    [SetUp]
    public void CreateStore()
    {
        root = Directory.CreateTempSubdirectory("llmguard-store-").FullName;
        store = new SnapshotStore(root);
    }

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    [Test]
    public void Files_are_named_from_the_suite_and_case_ids()
    {
        Assert.Multiple(() =>
        {
            Assert.That(store.PathOf("capitals", "france", SnapshotKind.Verified), Is.EqualTo(Path.Combine(root, "capitals", "france.verified.txt")));
            Assert.That(store.PathOf("capitals", "france", SnapshotKind.Received), Is.EqualTo(Path.Combine(root, "capitals", "france.received.txt")));
        });
    }

    [Test]
    public void Writing_identical_bytes_again_writes_nothing_and_returns_false()
    {
        var first = store.Write(Document("capitals", "france", "Paris."), SnapshotKind.Verified);
        var path = store.PathOf("capitals", "france", SnapshotKind.Verified);
        var writtenAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, writtenAt);

        var again = store.Write(Document("capitals", "france", "Paris."), SnapshotKind.Verified);
        var timeAfterAgain = File.GetLastWriteTimeUtc(path);
        var changed = store.Write(Document("capitals", "france", "Paris!"), SnapshotKind.Verified);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.True);
            Assert.That(again, Is.False);
            Assert.That(timeAfterAgain, Is.EqualTo(writtenAt), "the file was not touched");
            Assert.That(changed, Is.True);
            Assert.That(store.Read("capitals", "france", SnapshotKind.Verified)!.Output, Is.EqualTo("Paris!"));
            Assert.That(Directory.GetFiles(Path.Combine(root, "capitals")), Has.Length.EqualTo(1), "no temporary file is left");
        });
    }

    [Test]
    public void Reading_a_missing_file_or_folder_gives_null()
    {
        Assert.Multiple(() =>
        {
            Assert.That(store.Read("no-suite", "c", SnapshotKind.Verified), Is.Null);
            Assert.That(store.Read("no-suite", "c", SnapshotKind.Received), Is.Null);
        });
    }

    [Test]
    public void Reading_a_malformed_file_names_the_file()
    {
        var path = store.PathOf("capitals", "france", SnapshotKind.Verified);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# llmguard snapshot 1\nsuite: capitals\n");

        Assert.That(() => store.Read("capitals", "france", SnapshotKind.Verified),
            Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(path).And.Message.Contains("not a valid snapshot file"));
    }

    [Test]
    public void Accept_replaces_the_verified_file_with_the_received_one_and_removes_the_received_file()
    {
        store.Write(Document("capitals", "spain", "Madrid."), SnapshotKind.Verified);
        store.Write(Document("capitals", "spain", "Madrid, of course."), SnapshotKind.Received);
        var receivedBytes = File.ReadAllBytes(store.PathOf("capitals", "spain", SnapshotKind.Received));

        store.Accept("capitals", "spain");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(store.PathOf("capitals", "spain", SnapshotKind.Verified)), Is.EqualTo(receivedBytes));
            Assert.That(File.Exists(store.PathOf("capitals", "spain", SnapshotKind.Received)), Is.False);
            Assert.That(store.ListReceived(), Is.Empty);
        });
    }

    [Test]
    public void Accept_refuses_a_malformed_received_file_and_keeps_the_verified_one()
    {
        store.Write(Document("capitals", "spain", "Madrid."), SnapshotKind.Verified);
        var verifiedBytes = File.ReadAllBytes(store.PathOf("capitals", "spain", SnapshotKind.Verified));
        File.WriteAllText(store.PathOf("capitals", "spain", SnapshotKind.Received), "# llmguard snapshot 1\nbroken header\n---\nx");

        Assert.Multiple(() =>
        {
            Assert.That(() => store.Accept("capitals", "spain"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("header line 'broken header' is not 'key: value'"));
            Assert.That(File.ReadAllBytes(store.PathOf("capitals", "spain", SnapshotKind.Verified)), Is.EqualTo(verifiedBytes));
            Assert.That(File.Exists(store.PathOf("capitals", "spain", SnapshotKind.Received)), Is.True);
        });
    }

    [Test]
    public void Received_files_are_listed_sorted_and_can_be_narrowed_to_a_suite_and_case()
    {
        store.Write(Document("zeta", "b", "x"), SnapshotKind.Received);
        store.Write(Document("alpha", "b", "x"), SnapshotKind.Received);
        store.Write(Document("alpha", "a", "x"), SnapshotKind.Received);
        store.Write(Document("alpha", "c", "x"), SnapshotKind.Verified);

        Assert.Multiple(() =>
        {
            Assert.That(store.ListReceived(), Is.EqualTo(new[] { ("alpha", "a"), ("alpha", "b"), ("zeta", "b") }));
            Assert.That(store.ListReceived(suite: "alpha"), Is.EqualTo(new[] { ("alpha", "a"), ("alpha", "b") }));
            Assert.That(store.ListReceived(suite: "alpha", caseId: "b"), Is.EqualTo(new[] { ("alpha", "b") }));
            Assert.That(new SnapshotStore(Path.Combine(root, "missing")).ListReceived(), Is.Empty);
        });
    }

    [Test]
    public void Orphans_are_files_of_deleted_cases_and_suites_and_temporary_files_of_interrupted_writes()
    {
        store.Write(Document("capitals", "france", "Paris."), SnapshotKind.Verified);
        store.Write(Document("capitals", "spain", "Madrid."), SnapshotKind.Received);
        store.Write(Document("capitals", "renamed", "Paris."), SnapshotKind.Verified);
        store.Write(Document("capitals", "renamed", "Paris!"), SnapshotKind.Received);
        store.Write(Document("deleted-suite", "x", "x"), SnapshotKind.Verified);
        var temporary = LeaveTemporaryFile(store.PathOf("capitals", "france", SnapshotKind.Verified));
        File.WriteAllText(Path.Combine(root, "capitals", "notes.md"), "not a snapshot");

        var orphans = store.FindOrphans([Suite("capitals", "france", "spain")]);

        Assert.That(orphans, Is.EqualTo(new[]
        {
            temporary,
            store.PathOf("capitals", "renamed", SnapshotKind.Received),
            store.PathOf("capitals", "renamed", SnapshotKind.Verified),
            store.PathOf("deleted-suite", "x", SnapshotKind.Verified),
        }.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void There_are_no_orphans_without_a_snapshot_folder() =>
        Assert.That(new SnapshotStore(Path.Combine(root, "missing")).FindOrphans([Suite("capitals", "france")]), Is.Empty);

    [Test]
    public void Prune_deletes_the_orphans_and_the_suite_folders_they_leave_empty()
    {
        store.Write(Document("capitals", "france", "Paris."), SnapshotKind.Verified);
        store.Write(Document("capitals", "renamed", "Paris."), SnapshotKind.Verified);
        store.Write(Document("deleted-suite", "x", "x"), SnapshotKind.Verified);
        store.Write(Document("deleted-suite", "y", "y"), SnapshotKind.Received);
        LeaveTemporaryFile(store.PathOf("capitals", "france", SnapshotKind.Verified));
        var suites = new[] { Suite("capitals", "france") };

        store.Prune(store.FindOrphans(suites));

        Assert.Multiple(() =>
        {
            Assert.That(store.FindOrphans(suites), Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(root, "deleted-suite")), Is.False);
            Assert.That(Directory.GetFiles(Path.Combine(root, "capitals")), Is.EqualTo(new[] { store.PathOf("capitals", "france", SnapshotKind.Verified) }));
            Assert.That(Directory.Exists(root), Is.True, "the root is never deleted");
        });
    }

    [Test]
    public void Prune_keeps_the_root_even_when_it_empties()
    {
        var orphan = Path.Combine(root, "gone", "stray.verified.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllText(orphan, SnapshotFormat.Signature + "\nsuite: gone\ncase: stray\n---\nx");

        var orphans = store.FindOrphans([]);
        store.Prune(orphans);

        Assert.Multiple(() =>
        {
            Assert.That(orphans, Is.EqualTo(new[] { orphan }));
            Assert.That(Directory.Exists(Path.Combine(root, "gone")), Is.False, "the emptied suite folder goes");
            Assert.That(Directory.Exists(root), Is.True);
        });
    }

    /// <summary>Leaves a temporary file as <see cref="AtomicFile"/> names them, as a write killed before its rename does.</summary>
    private static string LeaveTemporaryFile(string target)
    {
        var path = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("partial"));
        Assert.That(AtomicFile.IsTemporary(Path.GetFileName(path)), Is.True);
        return path;
    }

    private static SnapshotDocument Document(string suite, string caseId, string output) => new() { Suite = suite, Case = caseId, Model = "m", Output = output };

    private static Suite Suite(string id, params string[] caseIds) => new()
    {
        Id = id,
        Target = new TargetDefinition { Provider = "scripted", Model = "m" },
        Cases = [.. caseIds.Select(caseId => new SuiteCase { Id = caseId, Messages = [new ChatMessageDefinition("user", "Hi")] })],
        FilePath = $"/suites/{id}.yaml",
    };
}
