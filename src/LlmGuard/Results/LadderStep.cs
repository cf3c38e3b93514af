namespace LlmGuard.Results;

/// <summary>The steps of the equivalence ladder, in the order they run.</summary>
public enum LadderStep
{
    /// <summary><c>exact</c>: the same text after line endings are normalized (and, when the case scrubs, after the scrubbers).</summary>
    Exact,

    /// <summary><c>normalized</c>: equal once whitespace, Unicode normalization form and (optionally) letter case are ignored.</summary>
    Normalized,

    /// <summary><c>json</c>: both parse as JSON and denote the same value.</summary>
    Json,

    /// <summary><c>variant</c>: the output matches one of the other outputs accepted for the case (calibration, or the baseline's own repeats).</summary>
    Variant,

    /// <summary><c>extract</c>: the answers pulled out of both outputs are equal (or differ: a change).</summary>
    Extract,

    /// <summary><c>assertions</c>: both outputs satisfy every assertion of the case.</summary>
    Assertions,

    /// <summary><c>lexical</c>: the lexical similarity score reaches its threshold.</summary>
    Lexical,

    /// <summary><c>embedding</c>: the cosine similarity of the outputs' embeddings reaches its threshold.</summary>
    Embedding,

    /// <summary><c>judge</c>: the judge model's majority vote.</summary>
    Judge,
}
