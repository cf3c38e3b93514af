namespace LlmGuard.Suites;

/// <summary>
/// An argument of tool calls named in <c>compare.tool_calls.ignore</c> or <c>tolerance</c>: a path of member names into
/// the arguments object, for every tool or for one.
/// </summary>
/// <param name="Tool">The tool the selector is limited to; null for every tool.</param>
/// <param name="Path">Member names from the arguments object down, e.g. <c>["location", "lat"]</c>.</param>
public sealed record ToolArgumentSelector(string? Tool, IReadOnlyList<string> Path)
{
    /// <summary>Whether the selector names the argument at <paramref name="path"/> of a call to <paramref name="tool"/>.</summary>
    public bool Matches(string tool, IReadOnlyList<string> path) =>
        (Tool is null || Tool == tool) && path.Count == Path.Count && path.SequenceEqual(Path, StringComparer.Ordinal);

    /// <summary>The spelling in a suite, e.g. <c>get_weather.location.lat</c>.</summary>
    public override string ToString() => string.Join(".", Path.Prepend(Tool ?? "").Where(part => part.Length > 0));
}
