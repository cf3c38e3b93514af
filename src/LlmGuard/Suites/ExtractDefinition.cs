namespace LlmGuard.Suites;

/// <summary>
/// The extracted-answer step: pulls the answer out of an output with a regular expression, JSON paths or a built-in
/// extractor. Exactly one of <see cref="Pattern"/>, <see cref="JsonPaths"/> and <see cref="Preset"/> is set.
/// </summary>
public sealed record ExtractDefinition
{
    /// <summary>A .NET regular expression: the group named <c>answer</c>, else the first group, else the whole match.</summary>
    public string? Pattern { get; init; }

    /// <summary>JSON paths (<c>$.a.b[0]</c>, <c>$['key']</c>) of the values that make up the answer, read from a JSON output.</summary>
    public IReadOnlyList<string> JsonPaths { get; init; } = [];

    /// <summary>A built-in extractor.</summary>
    public ExtractPreset? Preset { get; init; }

    /// <summary>With <see cref="Pattern"/>: every match, as a sorted set, instead of the first.</summary>
    public bool AllMatches { get; init; }

    /// <summary>Compare the extracted answers ignoring letter case.</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>Where the step was declared.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>How the extractor is written in a suite, e.g. <c>final-number</c> or <c>regex '…'</c>.</summary>
    public string Describe() =>
        Preset is { } preset ? ExtractPresets.ToName(preset)
        : Pattern is not null ? $"regex '{Pattern}'" + (AllMatches ? " (all matches)" : "")
        : "json_path " + string.Join(", ", JsonPaths);
}
