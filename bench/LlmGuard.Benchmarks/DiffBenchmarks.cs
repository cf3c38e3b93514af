using BenchmarkDotNet.Attributes;
using DiffPlex;
using DiffPlex.Chunkers;
using LlmGuard.Comparison;

namespace LlmGuard.Benchmarks;

/// <summary>
/// The diff of a long output against its snapshot (issue 13): outputs of 1,000 to 100,000 lines of about 50 characters
/// (100,000 lines ≈ 5 MB), either with one line changed in the middle (an ordinary regression in a long answer) or with
/// every line changed (a rewrite, beyond the diff's work bound). <see cref="WholeTextDiffPlex"/> is the line diff as it
/// was before the bound: DiffPlex over both whole texts; it runs only where it finishes in reasonable time.
/// </summary>
[MemoryDiagnoser]
[BoundedIterations]
public class DiffBenchmarks
{
    private string verified = "";
    private string received = "";

    /// <summary>Lines in each output.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Lines { get; set; }

    /// <summary>What changed: one line in the middle, or every line.</summary>
    [Params("middle", "everything")]
    public string Change { get; set; } = "middle";

    [GlobalSetup]
    public void Setup()
    {
        var lines = Enumerable.Range(0, Lines).Select(line => $"line {line:D6}: the quick brown fox jumps over the dog\n").ToList();
        verified = string.Concat(lines);
        received = Change == "middle"
            ? string.Concat(lines.Select((line, index) => index == Lines / 2 ? "a changed line in the middle of the answer\n" : line))
            : string.Concat(lines.Select(line => line.Replace("fox", "cat", StringComparison.Ordinal)));
    }

    /// <summary>The bounded diff the run reports (80 lines at most).</summary>
    [Benchmark]
    public string BoundedDiff() => SnapshotDiff.Create(verified, received, "a.verified.txt", "a.received.txt");

    /// <summary>DiffPlex over both whole texts, as before the bound (skipped where it would take minutes).</summary>
    [Benchmark(Baseline = true)]
    public int WholeTextDiffPlex() =>
        Change == "everything" && Lines > 10_000
            ? -1
            : Differ.Instance.CreateDiffs(verified, received, ignoreWhiteSpace: false, ignoreCase: false, LineEndingsPreservingChunker.Instance).DiffBlocks.Count;
}
