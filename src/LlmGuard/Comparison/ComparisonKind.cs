namespace LlmGuard.Comparison;

/// <summary>How a new output relates to the verified one.</summary>
internal enum ComparisonKind
{
    /// <summary>The same text (after LF normalization).</summary>
    Identical,

    /// <summary>Different text that the case's comparison options and scrubbers treat as the same.</summary>
    Equivalent,

    /// <summary>A real difference.</summary>
    Different,
}
