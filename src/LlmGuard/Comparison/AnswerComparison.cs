namespace LlmGuard.Comparison;

/// <summary>The result of comparing a new answer (text and tool calls) with its verified snapshot.</summary>
/// <param name="Kind">Identical, equivalent or different.</param>
/// <param name="Reason">What was ignored (equivalent) or where they differ (different).</param>
/// <param name="Diff">What moved, bounded, ending with a line feed; null when identical.</param>
internal sealed record AnswerComparison(ComparisonKind Kind, string? Reason, string? Diff);
