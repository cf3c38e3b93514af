namespace LlmGuard.Suites;

/// <summary>How tool calls are compared with their snapshot (<c>compare.tool_calls</c>).</summary>
public sealed record ToolCallComparison
{
    /// <summary>The default: strict matching, nothing ignored, no tolerance.</summary>
    public static ToolCallComparison Default { get; } = new();

    /// <summary>How calls are matched.</summary>
    public ToolCallMatch Match { get; init; } = ToolCallMatch.Strict;

    /// <summary>Arguments whose values are not compared (their presence still is).</summary>
    public IReadOnlyList<ToolArgumentSelector> Ignore { get; init; } = [];

    /// <summary>Numeric arguments that may differ by up to the given absolute amount.</summary>
    public IReadOnlyList<KeyValuePair<ToolArgumentSelector, double>> Tolerance { get; init; } = [];

    /// <summary>The tolerance for a numeric argument, 0 when none is set.</summary>
    public double ToleranceFor(string tool, IReadOnlyList<string> path) =>
        Tolerance.Where(rule => rule.Key.Matches(tool, path)).Select(rule => rule.Value).DefaultIfEmpty(0).Max();

    /// <summary>Whether an argument's value is ignored.</summary>
    public bool Ignores(string tool, IReadOnlyList<string> path) => Ignore.Any(selector => selector.Matches(tool, path));
}
