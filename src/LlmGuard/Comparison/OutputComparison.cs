namespace LlmGuard.Comparison;

/// <summary>The result of comparing a new output with its verified snapshot.</summary>
/// <param name="Kind">Identical, equivalent or different.</param>
/// <param name="Reason">For equivalent outputs, what was ignored (e.g. "whitespace", "scrubbed values", "JSON key order"); for different ones, a short reason.</param>
internal sealed record OutputComparison(ComparisonKind Kind, string? Reason = null);
