namespace LlmGuard.Suites;

/// <summary>
/// One call of a tool: in a case's <c>messages</c> (an earlier assistant turn) or in a model's answer. The arguments are
/// kept in canonical form — compact JSON with the keys of every object sorted — so equal calls have equal text whatever
/// order or spacing the model used; arguments that are not a JSON object are kept verbatim and marked invalid.
/// </summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments: canonical JSON when <see cref="ArgumentsValid"/>, else the text as received.</param>
public sealed record ToolCall(string Name, string Arguments)
{
    /// <summary>The call's id as sent or received (used to pair a tool result with its call); never written into snapshots.</summary>
    public string? Id { get; init; }

    /// <summary>False when the arguments are not a JSON object (malformed JSON from the model): <see cref="Arguments"/> is then the raw text.</summary>
    public bool ArgumentsValid { get; init; } = true;

    /// <inheritdoc />
    public override string ToString() => $"{Name}({Arguments})";
}
