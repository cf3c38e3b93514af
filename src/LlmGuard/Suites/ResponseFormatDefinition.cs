namespace LlmGuard.Suites;

/// <summary>The <c>response_format</c> of a target or case: plain text, JSON, or JSON following a schema.</summary>
public sealed record ResponseFormatDefinition
{
    /// <summary>The default schema name sent to OpenAI (which requires one).</summary>
    public const string DefaultSchemaName = "response";

    /// <summary>What is asked for.</summary>
    public required ResponseFormatKind Kind { get; init; }

    /// <summary>The JSON Schema of <see cref="ResponseFormatKind.JsonSchema"/>, as compact JSON with sorted keys.</summary>
    public string? SchemaJson { get; init; }

    /// <summary>The schema's name (OpenAI's <c>json_schema.name</c>).</summary>
    public string SchemaName { get; init; } = DefaultSchemaName;

    /// <summary>Whether the provider is asked to follow the schema strictly (OpenAI's <c>strict</c>); true unless the suite says otherwise.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>Where it was declared.</summary>
    public SourceLocation Location { get; init; }
}
