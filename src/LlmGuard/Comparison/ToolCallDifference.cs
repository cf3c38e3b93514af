namespace LlmGuard.Comparison;

/// <summary>The result of comparing tool calls.</summary>
/// <param name="Kind">Identical, equivalent or different.</param>
/// <param name="Reason">What was ignored (equivalent) or a summary (different).</param>
/// <param name="Lines">For different calls, one line per difference, naming the call and the argument.</param>
internal sealed record ToolCallDifference(ToolCallComparisonKind Kind, string Reason, IReadOnlyList<string> Lines)
{
    /// <summary>The same calls.</summary>
    public static ToolCallDifference Identical { get; } = new(ToolCallComparisonKind.Identical, "", []);
}
