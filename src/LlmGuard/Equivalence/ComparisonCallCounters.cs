namespace LlmGuard.Equivalence;

/// <summary>How many embedding and judge calls a run made and how many the cache answered. Thread-safe.</summary>
internal sealed class ComparisonCallCounters
{
    private long embeddingCalls;
    private long embeddingHits;
    private long judgeCalls;
    private long judgeHits;

    public long EmbeddingCalls => Interlocked.Read(ref embeddingCalls);

    public long EmbeddingCacheHits => Interlocked.Read(ref embeddingHits);

    public long JudgeCalls => Interlocked.Read(ref judgeCalls);

    public long JudgeCacheHits => Interlocked.Read(ref judgeHits);

    public void CountEmbedding(bool cached) => Interlocked.Increment(ref cached ? ref embeddingHits : ref embeddingCalls);

    public void CountJudge(bool cached) => Interlocked.Increment(ref cached ? ref judgeHits : ref judgeCalls);
}
