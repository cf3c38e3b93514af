namespace LlmGuard.Suites;

/// <summary>One assertion from a case's <c>expect</c> list.</summary>
public sealed record AssertionDefinition
{
    /// <summary>What is asserted.</summary>
    public required AssertionKind Kind { get; init; }

    /// <summary>True for the <c>not-</c> form, which passes exactly when the plain form fails.</summary>
    public bool Negated { get; init; }

    /// <summary>The text for equals, contains, starts-with and regex (after template substitution).</summary>
    public string? Text { get; init; }

    /// <summary>The allowed values of one-of.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>The bound of min-length and max-length.</summary>
    public int? Length { get; init; }

    /// <summary>The JSON Schema of json-schema, as JSON text.</summary>
    public string? SchemaJson { get; init; }

    /// <summary>Where the assertion was declared.</summary>
    public SourceLocation Location { get; init; }

    /// <summary>The name as written in a suite, e.g. <c>not-contains</c>.</summary>
    public string Name => (Negated ? "not-" : "") + AssertionNames.ToName(Kind);
}
