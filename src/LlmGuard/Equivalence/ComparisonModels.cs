using LlmGuard.Results;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Equivalence;

/// <summary>
/// The models a suite's judge and embedding steps call, with the cache both share. Created once per suite by the runner
/// (clients from the provider registry); either may be absent when the suite declares none.
/// </summary>
/// <param name="Judge">The judge's chat client and target, or null.</param>
/// <param name="Embeddings">The embedding generator and its target, or null.</param>
/// <param name="Cache">The answers of earlier calls.</param>
/// <param name="Counters">Counts every call and cache hit (for the benchmarks and the report).</param>
internal sealed record ComparisonModels(
    (IChatClient Client, TargetDefinition Target)? Judge,
    (IEmbeddingGenerator<string, Embedding<float>> Generator, TargetDefinition Target)? Embeddings,
    ComparisonCache Cache,
    ComparisonCallCounters Counters)
{
    /// <summary>No models: judge and embedding steps cannot run (the loader refuses cases that need them).</summary>
    public static ComparisonModels None { get; } = new(null, null, new ComparisonCache(null), new ComparisonCallCounters());

    /// <summary>The identity of a model that answered, as far as the response names it.</summary>
    public static ModelIdentity Identity(TargetDefinition target, string? resolvedModel) =>
        new() { ResolvedModelId = resolvedModel ?? target.Model };
}
