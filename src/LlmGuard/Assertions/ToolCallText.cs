using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary>How assertion messages quote an answer's tool calls.</summary>
internal static class ToolCallText
{
    /// <summary>The most calls listed in one message.</summary>
    public const int MaxListed = 5;

    /// <summary>The calls as <c>name({…})</c>, bounded.</summary>
    public static string List(IReadOnlyList<ToolCall> calls)
    {
        var listed = string.Join(", ", calls.Take(MaxListed).Select(call => $"{call.Name}({Excerpt.Of(call.Arguments)})"));
        return calls.Count > MaxListed ? $"{listed} and {calls.Count - MaxListed} more" : listed;
    }

    /// <summary>The answer's text, when it has one, for context.</summary>
    public static string TextPart(ModelAnswer answer) =>
        answer.Text.Length == 0 ? "" : $"; text {AssertionText.Describe(answer.Text)}: {AssertionText.Quote(answer.Text)}";
}
