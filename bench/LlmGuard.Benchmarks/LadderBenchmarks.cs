using BenchmarkDotNet.Attributes;
using LlmGuard.Bench;
using LlmGuard.Comparison;
using LlmGuard.Equivalence;
using LlmGuard.Results;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Benchmarks;

/// <summary>
/// The per-case cost of the equivalence ladder on a 300–1,500 character answer of the generated suite's shape: the
/// structural steps against <see cref="OutputComparer"/> alone (the comparison before the ladder), each meaning-carrying step
/// on a reworded answer, and the model steps when their answers come from the cache (a re-run: the embedding generator and
/// the judge are never called, which each benchmark checks once in its setup).
/// </summary>
[MemoryDiagnoser]
[BoundedIterations]
public class LadderBenchmarks
{
    private const string Tail = " The total is 4,500 units.";
    private const string RewordedTail = "\nIn total: 4500 units.";

    private string baseline = "";
    private string same = "";
    private string drifted = "";
    private string reworded = "";
    private string jsonBaseline = "";
    private string jsonReordered = "";
    private SuiteCase exact = null!;
    private SuiteCase normalized = null!;
    private SuiteCase json = null!;
    private SuiteCase extract = null!;
    private SuiteCase lexicalRougeL = null!;
    private SuiteCase lexicalTokenF1 = null!;
    private SuiteCase embedding = null!;
    private SuiteCase judge = null!;
    private EquivalenceLadder cachedModels = null!;

    [GlobalSetup]
    public void Setup()
    {
        baseline = BenchAnswers.For(BenchSuite.Prompt(3), driftShare: 0) + Tail;
        same = new string(baseline.AsSpan());
        drifted = BenchAnswers.For(BenchSuite.Prompt(3), driftShare: 1) + Tail;
        reworded = string.Join(' ', baseline[..^Tail.Length].Split(' ').Reverse()) + RewordedTail;
        jsonBaseline = $$"""{"id": 3, "summary": "{{baseline[..200].ReplaceLineEndings(" ")}}", "total": 4500, "tags": ["a", "b"]}""";
        jsonReordered = $$"""{ "tags": [ "a", "b" ], "total": 4500.0, "summary": "{{baseline[..200].ReplaceLineEndings(" ")}}", "id": 3 }""";

        exact = Case(CompareOptions.Default);
        normalized = Case(new CompareOptions(CompareMode.Normalized));
        json = Case(new CompareOptions(CompareMode.Json));
        extract = Case(new CompareOptions { Extract = new ExtractDefinition { Preset = ExtractPreset.FinalNumber } });
        lexicalRougeL = Case(new CompareOptions { Lexical = new LexicalSimilarityDefinition(LexicalMetric.RougeL, 0.5) });
        lexicalTokenF1 = Case(new CompareOptions { Lexical = new LexicalSimilarityDefinition(LexicalMetric.TokenF1, 0.5) });
        embedding = Case(new CompareOptions { Embedding = new EmbeddingSimilarityDefinition(0.5) });
        judge = Case(new CompareOptions { Judge = new JudgeDefinition("states the same total", 3) });

        // Warm the cache once, then serve the benchmark from it: the clients fail if they are ever called again.
        var counters = new ComparisonCallCounters();
        var cache = new ComparisonCache(null);
        var embeddingTarget = new TargetDefinition { Provider = "bench", Model = "bench-embedder" };
        var judgeTarget = new TargetDefinition { Provider = "bench", Model = "bench-judge", Temperature = 0, MaxOutputTokens = 200 };
        var warm = new EquivalenceLadder(new ComparisonModels((new BenchJudge(), judgeTarget), (new BenchEmbedder(), embeddingTarget), cache, counters));
        Check(warm.CompareAsync(Input(embedding, reworded), CancellationToken.None).AsTask().GetAwaiter().GetResult(), LadderStep.Embedding);
        Check(warm.CompareAsync(Input(judge, reworded), CancellationToken.None).AsTask().GetAwaiter().GetResult(), LadderStep.Judge);
        cachedModels = new EquivalenceLadder(new ComparisonModels((new FailingJudge(), judgeTarget), (new FailingEmbedder(), embeddingTarget), cache, counters));
        Check(cachedModels.CompareAsync(Input(embedding, reworded), CancellationToken.None).AsTask().GetAwaiter().GetResult(), LadderStep.Embedding);
        Check(cachedModels.CompareAsync(Input(judge, reworded), CancellationToken.None).AsTask().GetAwaiter().GetResult(), LadderStep.Judge);
        Check(Ladder(Input(extract, reworded)), LadderStep.Extract);
        Check(Ladder(Input(json, jsonReordered, jsonBaseline)), LadderStep.Json);
        if (Ladder(Input(exact, same)).Decision?.IsIdentical != true || Ladder(Input(exact, drifted)).Decision is not null)
        {
            throw new InvalidOperationException("the exact step does not classify the benchmark's outputs as expected");
        }
    }

    /// <summary>Before the ladder: <see cref="OutputComparer"/> on an unchanged output (an equal string, not the same instance).</summary>
    [Benchmark(Baseline = true)]
    public object ComparerUnchanged() => OutputComparer.Compare(baseline, same, CompareOptions.Default, []);

    /// <summary>The ladder on the same unchanged output (exact step only).</summary>
    [Benchmark]
    public object LadderUnchanged() => Ladder(Input(exact, same));

    /// <summary>Before the ladder: <see cref="OutputComparer"/> on a drifted output in exact mode.</summary>
    [Benchmark]
    public object ComparerChanged() => OutputComparer.Compare(baseline, drifted, CompareOptions.Default, []);

    /// <summary>The ladder on the drifted output in exact mode: no step decides, a change.</summary>
    [Benchmark]
    public object LadderChanged() => Ladder(Input(exact, drifted));

    /// <summary>exact → normalized on the drifted output.</summary>
    [Benchmark]
    public object LadderNormalized() => Ladder(Input(normalized, drifted));

    /// <summary>exact → json on a reordered, reformatted JSON answer.</summary>
    [Benchmark]
    public object LadderJson() => Ladder(Input(json, jsonReordered, jsonBaseline));

    /// <summary>exact → extract (final-number) on a reworded answer.</summary>
    [Benchmark]
    public object LadderExtract() => Ladder(Input(extract, reworded));

    /// <summary>exact → lexical (ROUGE-L, a longest common subsequence of some 100–250 tokens each).</summary>
    [Benchmark]
    public object LadderLexicalRougeL() => Ladder(Input(lexicalRougeL, reworded));

    /// <summary>exact → lexical (token F1).</summary>
    [Benchmark]
    public object LadderLexicalTokenF1() => Ladder(Input(lexicalTokenF1, reworded));

    /// <summary>exact → embedding with both vectors (1,536 dimensions) from the cache: two text hashes and one cosine.</summary>
    [Benchmark]
    public object LadderEmbeddingCached() => Completed(cachedModels.CompareAsync(Input(embedding, reworded), CancellationToken.None));

    /// <summary>exact → judge with three votes from the cache: three request fingerprints and answer parses.</summary>
    [Benchmark]
    public object LadderJudgeCached() => Completed(cachedModels.CompareAsync(Input(judge, reworded), CancellationToken.None));

    private static LadderResult Ladder(LadderInput input) => Completed(EquivalenceLadder.Offline.CompareAsync(input, CancellationToken.None));

    /// <summary>The result of a comparison that completed synchronously, as every one here does (nothing to wait for: no allocation).</summary>
    private static LadderResult Completed(ValueTask<LadderResult> comparison) =>
        comparison.IsCompletedSuccessfully ? comparison.Result : throw new InvalidOperationException("the comparison waited for a model");

    private LadderInput Input(SuiteCase suiteCase, string candidate, string? baselineOutput = null) =>
        new(baselineOutput ?? baseline, candidate, [], suiteCase, BenchSuite.Prompt(3));

    private static SuiteCase Case(CompareOptions compare) => new()
    {
        Id = "item-00003",
        Messages = [new ChatMessageDefinition("user", BenchSuite.Prompt(3))],
        Compare = compare,
    };

    private static void Check(LadderResult result, LadderStep step)
    {
        if (result.Decision?.Step != step)
        {
            throw new InvalidOperationException($"the {step} step did not decide the benchmark's case: {string.Join("; ", result.Findings)}");
        }
    }

    private sealed class BenchEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(value => new Embedding<float>(Enumerable.Range(0, 1536).Select(index => (float)Math.Sin(index) + value.Length * 1e-4f).ToArray()))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class FailingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the benchmark must be served from the cache");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class BenchJudge : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"equivalent\": true, \"reason\": \"Same total.\"}")) { ModelId = "bench-judge" });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class FailingJudge : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the benchmark must be served from the cache");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
