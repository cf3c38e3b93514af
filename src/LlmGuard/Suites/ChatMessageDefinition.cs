namespace LlmGuard.Suites;

/// <summary>One chat message of a case, before template variables are substituted.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The message text, possibly with <c>{{name}}</c> placeholders.</param>
public sealed record ChatMessageDefinition(string Role, string Content);
