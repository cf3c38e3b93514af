namespace LlmGuard.Suites;

/// <summary>
/// How a case's output is compared with its baseline: the equivalence ladder. The steps run in a fixed order and each is
/// optional: exact (always), then <see cref="Mode"/> (normalized or JSON), the accepted variants recorded by calibration,
/// <see cref="Extract"/>, <see cref="Assertions"/>, <see cref="Lexical"/>, <see cref="Embedding"/> and <see cref="Judge"/>.
/// The first step that decides (equivalent or different) is recorded with its score; when none decides, the outputs differ.
/// </summary>
/// <param name="Mode">The structural comparison mode.</param>
/// <param name="IgnoreCase">In <see cref="CompareMode.Normalized"/> mode, also ignore letter case.</param>
public sealed record CompareOptions(CompareMode Mode = CompareMode.Exact, bool IgnoreCase = false)
{
    /// <summary>How the answer's tool calls are compared.</summary>
    public ToolCallComparison ToolCalls { get; init; } = ToolCallComparison.Default;

    /// <summary>Exact comparison, the default.</summary>
    public static CompareOptions Default { get; } = new();

    /// <summary>Pulls the answer out of both outputs; equal answers are equivalent, different ones a change.</summary>
    public ExtractDefinition? Extract { get; init; }

    /// <summary>When true, outputs that differ but both satisfy every assertion of the case are equivalent.</summary>
    public bool Assertions { get; init; }

    /// <summary>Lexical similarity over a normalized form (opt-in: it reports a score, it does not understand meaning).</summary>
    public LexicalSimilarityDefinition? Lexical { get; init; }

    /// <summary>Cosine similarity of embeddings from the suite's <c>embedding</c> model.</summary>
    public EmbeddingSimilarityDefinition? Embedding { get; init; }

    /// <summary>A judge model's majority vote on whether the candidate preserves a stated criterion of the baseline.</summary>
    public JudgeDefinition? Judge { get; init; }

    /// <summary>Whether any step beyond the structural ones is declared.</summary>
    public bool HasSemanticSteps => Extract is not null || Assertions || Lexical is not null || Embedding is not null || Judge is not null;
}
