using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;

namespace LlmGuard.Benchmarks;

/// <summary>
/// Bounds the default job's iteration counts (2–5 warm-up and 5–15 measured iterations instead of 6–50 and 15–100), so a
/// full run of every benchmark finishes in a few minutes on a two-core machine. A job given on the command line with
/// fixed counts, such as <c>--job short</c>, keeps its own counts.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Assembly)]
public sealed class BoundedIterationsAttribute() : JobMutatorConfigBaseAttribute(Job.Default
    .WithMinWarmupCount(2)
    .WithMaxWarmupCount(5)
    .WithMinIterationCount(5)
    .WithMaxIterationCount(15));
