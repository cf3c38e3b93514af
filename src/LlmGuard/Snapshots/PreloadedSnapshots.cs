using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace LlmGuard.Snapshots;

/// <summary>
/// The verified snapshots of a run's cases, read once before any case runs, so that every unreadable one is reported
/// together, and handed to each case when it is evaluated instead of being read a second time. A case takes its
/// document out, so the set shrinks as the run proceeds.
/// </summary>
internal sealed class PreloadedSnapshots
{
    private readonly ConcurrentDictionary<(string Suite, string Case), SnapshotDocument?> documents;

    private PreloadedSnapshots(ConcurrentDictionary<(string Suite, string Case), SnapshotDocument?> documents, IReadOnlyList<string> problems)
    {
        this.documents = documents;
        Problems = problems;
    }

    /// <summary>One line per verified snapshot that cannot be read (as <see cref="SnapshotStore.FindUnreadable"/>), in case order.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads the verified snapshots of the cases, several files at a time.</summary>
    public static PreloadedSnapshots Read(SnapshotStore store, IReadOnlyList<(string Suite, string Case)> cases)
    {
        var read = new SnapshotDocument?[cases.Count];
        var problems = new string?[cases.Count];
        var failures = new ExceptionDispatchInfo?[cases.Count];
        Parallel.For(0, cases.Count, index =>
        {
            try
            {
                problems[index] = store.TryReadVerified(cases[index].Suite, cases[index].Case, out read[index]);
            }
            catch (Exception exception)
            {
                failures[index] = ExceptionDispatchInfo.Capture(exception);
            }
        });

        failures.FirstOrDefault(failure => failure is not null)?.Throw();
        var documents = new ConcurrentDictionary<(string Suite, string Case), SnapshotDocument?>(Environment.ProcessorCount, cases.Count);
        for (var index = 0; index < cases.Count; index++)
        {
            if (problems[index] is null)
            {
                documents.TryAdd(cases[index], read[index]);
            }
        }

        return new PreloadedSnapshots(documents, [.. problems.OfType<string>()]);
    }

    /// <summary>Takes a case's verified snapshot (null: the file does not exist); false when it was not preloaded or already taken.</summary>
    public bool TryTake(string suite, string caseId, out SnapshotDocument? document) => documents.TryRemove((suite, caseId), out document);
}
