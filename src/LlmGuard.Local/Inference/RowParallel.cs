namespace LlmGuard.Local.Inference;

/// <summary>
/// Splits independent items (matrix rows, attention heads) into contiguous ranges, one per thread. Each item is
/// computed entirely by one thread with the same code, so the thread count changes speed, never results.
/// </summary>
internal sealed class RowParallel
{
    // Below this many multiply-adds the cost of waking a second thread exceeds the work.
    private const long MinimumParallelWork = 1 << 17;

    private readonly ParallelOptions options;

    public RowParallel(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        options = new ParallelOptions { MaxDegreeOfParallelism = threads };
    }

    /// <summary>One thread: for small products computed inside another parallel item.</summary>
    public static RowParallel Sequential { get; } = new(1);

    public int Threads { get; }

    public void For(int count, long workPerItem, Action<int, int> body)
    {
        var chunks = Math.Min(Threads, count);
        if (chunks <= 1 || count * workPerItem < MinimumParallelWork)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, chunks, options, chunk =>
        {
            var start = (int)((long)count * chunk / chunks);
            var end = (int)((long)count * (chunk + 1) / chunks);
            body(start, end);
        });
    }
}
