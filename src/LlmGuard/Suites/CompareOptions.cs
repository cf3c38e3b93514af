namespace LlmGuard.Suites;

/// <summary>Comparison settings of a case.</summary>
/// <param name="Mode">The comparison mode.</param>
/// <param name="IgnoreCase">In <see cref="CompareMode.Normalized"/> mode, also ignore letter case.</param>
public sealed record CompareOptions(CompareMode Mode = CompareMode.Exact, bool IgnoreCase = false)
{
    /// <summary>How the answer's tool calls are compared.</summary>
    public ToolCallComparison ToolCalls { get; init; } = ToolCallComparison.Default;

    /// <summary>Exact comparison, the default.</summary>
    public static CompareOptions Default { get; } = new();
}
