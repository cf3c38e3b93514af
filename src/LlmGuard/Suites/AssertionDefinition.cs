namespace LlmGuard.Suites;

/// <summary>One assertion from a case's <c>expect</c> list.</summary>
public sealed record AssertionDefinition
{
    /// <summary>What is asserted.</summary>
    public required AssertionKind Kind { get; init; }

    /// <summary>True for the <c>not-</c> form, which passes exactly when the plain form fails.</summary>
    public bool Negated { get; init; }

    /// <summary>The text for equals, contains, starts-with and regex (after template substitution); the tool name for tool-called and tool-args-schema.</summary>
    public string? Text { get; init; }

    /// <summary>The allowed values of one-of.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>The bound of min-length and max-length.</summary>
    public int? Length { get; init; }

    /// <summary>The JSON Schema of json-schema, as JSON text; for tool-args-schema, the declared parameters schema of the tool.</summary>
    public string? SchemaJson { get; init; }

    /// <summary>Where the assertion was declared.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>
    /// The key that implies this assertion when it is not written in <c>expect</c>: <c>response_format</c>, whose answer
    /// must be JSON (following its schema, when it has one).
    /// </summary>
    public string? ImpliedBy { get; init; }

    /// <summary>The name as written in a suite, e.g. <c>not-contains</c>; for an implied assertion, e.g. <c>response_format (json-schema)</c>.</summary>
    public string Name => ImpliedBy is { } key
        ? $"{key} ({(Negated ? "not-" : "")}{AssertionNames.ToName(Kind)})"
        : (Negated ? "not-" : "") + AssertionNames.ToName(Kind);
}
