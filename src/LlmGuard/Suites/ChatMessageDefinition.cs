namespace LlmGuard.Suites;

/// <summary>One chat message of a case, before template variables are substituted.</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The message text, possibly with <c>{{name}}</c> placeholders (empty for an assistant turn that only calls tools).</param>
public sealed record ChatMessageDefinition(string Role, string Content)
{
    /// <summary>The tools an earlier <c>assistant</c> turn called, in order.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a <c>tool</c> message (a tool's result): the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }
}
