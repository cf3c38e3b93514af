using LlmGuard.Local.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Chat;

/// <summary>The runtime's own template (see <see cref="ChatPromptTemplate"/>), for models without a known chat format.</summary>
internal sealed class PlainChatTemplate : IChatTemplate
{
    public static PlainChatTemplate Instance { get; } = new();

    public string Name => "plain";

    public IReadOnlyList<string> ImplicitStops { get; } = [ChatPromptTemplate.TurnStop];

    public int[] Encode(IReadOnlyList<ChatMessage> messages, ITokenizer tokenizer) =>
        tokenizer.Encode(ChatPromptTemplate.Render(messages), addBos: true);
}
