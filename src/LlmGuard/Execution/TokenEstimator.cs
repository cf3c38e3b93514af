using LlmGuard.Suites;
using Microsoft.ML.Tokenizers;

namespace LlmGuard.Execution;

/// <summary>
/// Counts tokens where a provider reports none, with the o200k_base tokenizer (Microsoft.ML.Tokenizers; the tokenizer of
/// OpenAI's current models). For other models it approximates their count; results mark such figures as estimated.
/// </summary>
internal static class TokenEstimator
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The tokens of a text.</summary>
    public static int Count(string text) => text.Length == 0 ? 0 : Tokenizer.Value.CountTokens(text);

    /// <summary>The tokens of the messages' texts and tool calls (the prompt, without a provider's per-message framing).</summary>
    public static int CountMessages(IEnumerable<ChatMessageDefinition> messages) =>
        messages.Sum(message => Count(message.Content) + message.ToolCalls.Sum(CountCall));

    /// <summary>The tokens of an answer: its text and its tool calls (name and arguments).</summary>
    public static int CountAnswer(string text, IReadOnlyList<ToolCall> toolCalls) => Count(text) + toolCalls.Sum(CountCall);

    private static int CountCall(ToolCall call) => Count(call.Name) + Count(call.Arguments);
}
