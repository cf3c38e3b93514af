namespace LlmGuard.Suites;

/// <summary>One case of a suite with the suite's defaults already applied and its variables substituted.</summary>
public sealed record SuiteCase
{
    /// <summary>The case id, unique in its suite and safe as a file name.</summary>
    public required string Id { get; init; }

    /// <summary>An optional description.</summary>
    public string? Description { get; init; }

    /// <summary>The messages sent (the target's system prompt is not included here), with variables substituted.</summary>
    public required IReadOnlyList<ChatMessageDefinition> Messages { get; init; }

    /// <summary>The tags of the case, including the defaults' tags, in declaration order without duplicates.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The assertions: the defaults' first, then the case's own.</summary>
    public IReadOnlyList<AssertionDefinition> Expect { get; init; } = [];

    /// <summary>How the output is compared with its snapshot.</summary>
    public CompareOptions Compare { get; init; } = CompareOptions.Default;

    /// <summary>Scrubbers applied before comparison: the defaults' first, then the case's own.</summary>
    public IReadOnlyList<ScrubberDefinition> Scrub { get; init; } = [];

    /// <summary>True when the case is meant to change (a fine-tune's target behaviour): a change is reported as intended, not gated.</summary>
    public bool ExpectChange { get; init; }

    /// <summary>How many times the request is sent (the case's or the defaults' <c>repeat</c>); null for once, unless the run says otherwise.</summary>
    public int? Repeat { get; init; }

    /// <summary>The case's <c>tool_choice</c>; null to use the target's.</summary>
    public ToolChoice? ToolChoice { get; init; }

    /// <summary>The case's <c>response_format</c>; null to use the target's.</summary>
    public ResponseFormatDefinition? ResponseFormat { get; init; }

    /// <summary>Where the case was declared.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>Where the case id was written.</summary>
    public SourceLocation IdLocation { get; init; }
}
