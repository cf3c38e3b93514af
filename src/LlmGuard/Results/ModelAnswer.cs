using LlmGuard.Suites;

namespace LlmGuard.Results;

/// <summary>What a model answered: its text and the tools it called. What assertions check and snapshots record.</summary>
/// <param name="Text">The text, line endings normalized to LF (empty when the answer only calls tools).</param>
/// <param name="ToolCalls">The tool calls, in the order the model made them.</param>
internal sealed record ModelAnswer(string Text, IReadOnlyList<ToolCall> ToolCalls)
{
    /// <summary>A text-only answer.</summary>
    public static ModelAnswer OfText(string text) => new(text, []);
}
