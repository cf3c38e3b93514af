namespace LlmGuard.Suites;

/// <summary>A scrubber declared in a suite: either a built-in one or a regular-expression replacement.</summary>
public sealed record ScrubberDefinition
{
    /// <summary>The built-in scrubber, when this is one.</summary>
    public BuiltInScrubber? BuiltIn { get; init; }

    /// <summary>A .NET regular expression, when this is a custom scrubber.</summary>
    public string? Pattern { get; init; }

    /// <summary>What each match of <see cref="Pattern"/> is replaced with (substitutions such as <c>$1</c> allowed).</summary>
    public string Replacement { get; init; } = "{scrubbed}";

    /// <summary>Where the scrubber was declared.</summary>
    public SourceLocation Location { get; init; }
}
