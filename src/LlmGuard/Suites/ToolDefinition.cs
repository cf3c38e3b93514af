namespace LlmGuard.Suites;

/// <summary>A tool (function) the model may call, declared under a suite's <c>tools</c> and sent with every case.</summary>
public sealed record ToolDefinition
{
    /// <summary>The function name the model calls it by.</summary>
    public required string Name { get; init; }

    /// <summary>What the tool does, for the model.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON Schema of the arguments object, as compact JSON with sorted keys (<c>{"type":"object"}</c> when not declared).</summary>
    public required string ParametersSchemaJson { get; init; }

    /// <summary>Where the tool was declared.</summary>
    public SourceLocation Location { get; init; }
}
