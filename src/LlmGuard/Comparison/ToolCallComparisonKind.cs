namespace LlmGuard.Comparison;

/// <summary>How an answer's tool calls relate to the recorded ones.</summary>
internal enum ToolCallComparisonKind
{
    /// <summary>The same calls, in the same order, with the same canonical arguments.</summary>
    Identical,

    /// <summary>Different, but equal under the match mode, ignored arguments and tolerances.</summary>
    Equivalent,

    /// <summary>A real difference.</summary>
    Different,
}
