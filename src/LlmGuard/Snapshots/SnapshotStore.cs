using LlmGuard.IO;
using LlmGuard.Suites;

namespace LlmGuard.Snapshots;

/// <summary>
/// The snapshot folder: one file per case at <c>&lt;root&gt;/&lt;suite&gt;/&lt;case&gt;.verified.txt</c>, with
/// <c>.received.txt</c> beside it on a mismatch or a new case. Every write is atomic (temporary file in the
/// same folder, then rename), so a killed run leaves either the old or the new complete file.
/// </summary>
/// <param name="root">The snapshot root folder.</param>
internal sealed class SnapshotStore(string root)
{
    private const string VerifiedSuffix = ".verified.txt";
    private const string ReceivedSuffix = ".received.txt";

    /// <summary>The snapshot root folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The path of a case's snapshot file of the given kind.</summary>
    public string PathOf(string suite, string caseId, SnapshotKind kind) =>
        Path.Combine(Root, suite, caseId + (kind == SnapshotKind.Verified ? VerifiedSuffix : ReceivedSuffix));

    /// <summary>Reads a snapshot file; null when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be parsed; the message names the file.</exception>
    public SnapshotDocument? Read(string suite, string caseId, SnapshotKind kind)
    {
        var path = PathOf(suite, caseId, kind);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return SnapshotFormat.Parse(bytes, suite, caseId);
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"{path}: not a valid snapshot file: {exception.Message}", exception);
        }
    }

    /// <summary>Writes a snapshot atomically. Returns false (and writes nothing) when the file already has exactly these bytes.</summary>
    public bool Write(SnapshotDocument document, SnapshotKind kind)
    {
        var path = PathOf(document.Suite, document.Case, kind);
        var bytes = SnapshotFormat.Serialize(document);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        AtomicFile.WriteAllBytes(path, bytes);
        return true;
    }

    /// <summary>Deletes a case's received file, if any (after the case matched again or was accepted).</summary>
    public void DeleteReceived(string suite, string caseId) => File.Delete(PathOf(suite, caseId, SnapshotKind.Received));

    /// <summary>All received files under the root, optionally only of one suite and case.</summary>
    public IReadOnlyList<(string Suite, string Case)> ListReceived(string? suite = null, string? caseId = null)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateFiles(Root, "*" + ReceivedSuffix, SearchOption.AllDirectories)
            .Select(path => (Suite: Path.GetFileName(Path.GetDirectoryName(path)!), Case: Path.GetFileName(path)[..^ReceivedSuffix.Length]))
            .Where(item => suite is null || item.Suite == suite)
            .Where(item => caseId is null || item.Case == caseId)
            .OrderBy(item => item.Suite, StringComparer.Ordinal)
            .ThenBy(item => item.Case, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Why a received file cannot be accepted (not written by LlmGuard, not UTF-8, or recorded for another case), or
    /// null when it can.
    /// </summary>
    public string? CheckReceived(string suite, string caseId)
    {
        var path = PathOf(suite, caseId, SnapshotKind.Received);
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (!bytes.AsSpan().StartsWith(System.Text.Encoding.UTF8.GetBytes(SnapshotFormat.Signature + "\n")))
            {
                return $"{path}: not a received snapshot (it does not start with '{SnapshotFormat.Signature}')";
            }

            var document = SnapshotFormat.Parse(bytes, suite, caseId);
            return document.Suite != suite || document.Case != caseId
                ? $"{path}: it was recorded for {document.Suite}/{document.Case}, not {suite}/{caseId}"
                : null;
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            return $"{path}: {exception.Message}";
        }
    }

    /// <summary>Turns a received file into the verified one (atomically replacing it) and removes the received file.</summary>
    /// <exception cref="InvalidDataException">The received file fails <see cref="CheckReceived"/>.</exception>
    public void Accept(string suite, string caseId)
    {
        if (CheckReceived(suite, caseId) is { } problem)
        {
            throw new InvalidDataException(problem);
        }

        var received = PathOf(suite, caseId, SnapshotKind.Received);
        AtomicFile.WriteAllBytes(PathOf(suite, caseId, SnapshotKind.Verified), File.ReadAllBytes(received));
        File.Delete(received);
    }

    /// <summary>
    /// Problems with the verified snapshots of the given cases (unreadable, not UTF-8, a malformed header), one line
    /// each naming the file; empty when every existing one parses. Missing snapshots are not problems.
    /// </summary>
    public IReadOnlyList<string> FindUnreadable(IEnumerable<(string Suite, string Case)> cases)
    {
        var problems = new List<string>();
        foreach (var (suite, caseId) in cases)
        {
            if (TryReadVerified(suite, caseId, out _) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    /// <summary>Reads a verified snapshot (null when it does not exist); returns the problem line when it cannot be read.</summary>
    internal string? TryReadVerified(string suite, string caseId, out SnapshotDocument? document)
    {
        document = null;
        try
        {
            document = Read(suite, caseId, SnapshotKind.Verified);
            return null;
        }
        catch (InvalidDataException exception)
        {
            return exception.Message;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"{PathOf(suite, caseId, SnapshotKind.Verified)}: {exception.Message}";
        }
    }

    /// <summary>
    /// Snapshot files that belong to no case of the given suites: files of deleted or renamed cases, folders of suites that
    /// no longer exist, and temporary files left by an interrupted write. Only meaningful when the given suites are the
    /// complete set. See <see cref="FindOrphanFiles"/> for what counts as a snapshot file.
    /// </summary>
    public IReadOnlyList<string> FindOrphans(IEnumerable<Suite> suites) => [.. FindOrphanFiles(suites).Select(orphan => orphan.Path)];

    /// <summary>
    /// The orphaned files, each with why it is one. Only files that can only be LlmGuard's are considered, so a wrong root
    /// never touches anything else: at exactly <c>&lt;root&gt;/&lt;suite-id&gt;/</c>, named <c>&lt;case-id&gt;.verified.txt</c> or
    /// <c>.received.txt</c> with both ids safe and the content starting with the snapshot signature, or a leftover temporary file
    /// of such a name (<see cref="AtomicFile.IsStale"/>: a write still in progress is left alone).
    /// </summary>
    public IReadOnlyList<OrphanFile> FindOrphanFiles(IEnumerable<Suite> suites)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var expected = suites.ToDictionary(
            suite => suite.Id,
            suite => suite.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var orphans = new List<OrphanFile>();
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var suite = Path.GetFileName(folder);
            if (SafeIds.Problem(suite) is not null || (File.GetAttributes(folder) & FileAttributes.ReparsePoint) != 0)
            {
                continue;
            }

            var cases = expected.GetValueOrDefault(suite);
            foreach (var path in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(path);
                if (AtomicFile.TargetOf(name) is { } target)
                {
                    if (CaseIdOf(target) is not null && AtomicFile.IsStale(name))
                    {
                        orphans.Add(new OrphanFile(path, OrphanReason.Temporary));
                    }

                    continue;
                }

                if (CaseIdOf(name) is not { } caseId || cases?.Contains(caseId) == true || !IsSnapshotFile(path))
                {
                    continue;
                }

                orphans.Add(new OrphanFile(path, cases is null ? OrphanReason.SuiteGone : OrphanReason.CaseGone));
            }
        }

        return [.. orphans.OrderBy(orphan => orphan.Path, StringComparer.Ordinal)];
    }

    /// <summary>Deletes the temporary files that killed writers left in the snapshot folders; returns their paths.</summary>
    public IReadOnlyList<string> RemoveStaleTemporaryFiles()
    {
        var removed = new List<string>();
        if (!Directory.Exists(Root))
        {
            return removed;
        }

        foreach (var folder in Directory.EnumerateDirectories(Root).Where(folder => SafeIds.Problem(Path.GetFileName(folder)) is null))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "." + "*" + AtomicFile.TemporarySuffix))
            {
                var name = Path.GetFileName(path);
                if (AtomicFile.TargetOf(name) is { } target && CaseIdOf(target) is not null && AtomicFile.IsStale(name))
                {
                    try
                    {
                        File.Delete(path);
                        removed.Add(path);
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                    }
                }
            }
        }

        return removed;
    }

    /// <summary>The case id of a snapshot file name (<c>&lt;safe-id&gt;.verified.txt</c> or <c>.received.txt</c>), or null.</summary>
    private static string? CaseIdOf(string fileName)
    {
        var caseId = fileName.EndsWith(VerifiedSuffix, StringComparison.Ordinal) ? fileName[..^VerifiedSuffix.Length]
            : fileName.EndsWith(ReceivedSuffix, StringComparison.Ordinal) ? fileName[..^ReceivedSuffix.Length]
            : null;
        return caseId is not null && SafeIds.Problem(caseId) is null ? caseId : null;
    }

    private static bool IsSnapshotFile(string path)
    {
        var signature = System.Text.Encoding.UTF8.GetBytes(SnapshotFormat.Signature + "\n");
        try
        {
            if ((File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0)
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var head = new byte[signature.Length];
            return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.AsSpan().SequenceEqual(signature);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Deletes the given orphaned files and any suite folders left empty.</summary>
    public void Prune(IEnumerable<string> orphans)
    {
        foreach (var path in orphans)
        {
            File.Delete(path);
            var folder = Path.GetDirectoryName(path)!;
            if (folder != Root && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }
}
