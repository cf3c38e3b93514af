using LlmGuard.Local.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Chat;

/// <summary>
/// The Llama 3 chat format, as llama.cpp renders it: BOS, then per message
/// <c>&lt;|start_header_id|&gt;{role}&lt;|end_header_id|&gt;\n\n{trimmed text}&lt;|eot_id|&gt;</c>, then
/// <c>&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;\n\n</c>. The header and end-of-turn tokens are inserted by id;
/// message text is tokenized as plain text, so control-token text inside a message stays text. The model ends its
/// turn with <c>&lt;|eot_id|&gt;</c>, an end-of-generation token.
/// </summary>
internal sealed class Llama3ChatTemplate(int startHeaderId, int endHeaderId, int endOfTurnId) : IChatTemplate
{
    public const string StartHeader = "<|start_header_id|>";
    public const string EndHeader = "<|end_header_id|>";
    public const string EndOfTurn = "<|eot_id|>";

    private static readonly char[] AsciiWhitespace = [' ', '\t', '\n', '\v', '\f', '\r'];

    public string Name => "llama3";

    public IReadOnlyList<string> ImplicitStops { get; } = [];

    /// <summary>The template when the GGUF chat template is Llama 3's and the vocabulary has its tokens; else null.</summary>
    public static Llama3ChatTemplate? TryCreate(string? chatTemplate, ITokenizer tokenizer)
    {
        if (chatTemplate is null
            || !chatTemplate.Contains(StartHeader, StringComparison.Ordinal)
            || !chatTemplate.Contains(EndHeader, StringComparison.Ordinal))
        {
            return null;
        }

        return tokenizer.SpecialTokenId(StartHeader) is { } start
            && tokenizer.SpecialTokenId(EndHeader) is { } end
            && tokenizer.SpecialTokenId(EndOfTurn) is { } endOfTurn
            ? new Llama3ChatTemplate(start, end, endOfTurn)
            : null;
    }

    public int[] Encode(IReadOnlyList<ChatMessage> messages, ITokenizer tokenizer)
    {
        var tokens = new List<int>();
        if (tokenizer.AddBos)
        {
            tokens.Add(tokenizer.BosId);
        }

        foreach (var message in messages)
        {
            AddHeader(tokens, tokenizer, message.Role.Value);
            tokens.AddRange(tokenizer.Encode("\n\n" + message.Text.Trim(AsciiWhitespace), addBos: false));
            tokens.Add(endOfTurnId);
        }

        AddHeader(tokens, tokenizer, ChatRole.Assistant.Value);
        tokens.AddRange(tokenizer.Encode("\n\n", addBos: false));
        return [.. tokens];
    }

    private void AddHeader(List<int> tokens, ITokenizer tokenizer, string role)
    {
        tokens.Add(startHeaderId);
        tokens.AddRange(tokenizer.Encode(role, addBos: false));
        tokens.Add(endHeaderId);
    }
}
