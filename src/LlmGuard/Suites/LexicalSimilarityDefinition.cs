namespace LlmGuard.Suites;

/// <summary>The lexical-similarity step: outputs whose score reaches the threshold are equivalent; below it the next step decides.</summary>
/// <param name="Metric">The metric.</param>
/// <param name="Threshold">The lowest score (0 to 1) taken as equivalent.</param>
public sealed record LexicalSimilarityDefinition(LexicalMetric Metric, double Threshold);
