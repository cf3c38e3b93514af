using LlmGuard.Local.Tokenization;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Chat;

/// <summary>How a model's chat prompt is laid out: messages to prompt tokens, and the stop strings the layout needs.</summary>
internal interface IChatTemplate
{
    /// <summary>A short name for documentation and diagnostics.</summary>
    string Name { get; }

    /// <summary>Stop strings added to every non-raw request (so the model does not write the user's next turn).</summary>
    IReadOnlyList<string> ImplicitStops { get; }

    /// <summary>The prompt tokens (BOS included when the vocabulary asks for it), ending where the assistant's reply begins.</summary>
    int[] Encode(IReadOnlyList<ChatMessage> messages, ITokenizer tokenizer);
}
