using System.Text;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Chat;

/// <summary>
/// The runtime's one chat template, deliberately plain so any base model can continue it:
/// every message becomes <c>"{Role}: {text}\n"</c> (role capitalised: System, User, Assistant, Tool), and the prompt
/// ends with <c>"Assistant:"</c>. The tokenizer adds BOS in front. Generation stops at <see cref="TurnStop"/> so
/// the model does not write the user's next turn.
/// </summary>
internal static class ChatPromptTemplate
{
    public const string TurnStop = "\nUser:";

    public static string Render(IEnumerable<ChatMessage> messages)
    {
        var prompt = new StringBuilder();
        foreach (var message in messages)
        {
            prompt.Append(RoleLabel(message.Role)).Append(": ").Append(message.Text).Append('\n');
        }

        return prompt.Append("Assistant:").ToString();
    }

    /// <summary>Raw completion: the messages' text, joined by newlines, fed to the model unchanged.</summary>
    public static string RenderRaw(IEnumerable<ChatMessage> messages) =>
        string.Join("\n", messages.Select(message => message.Text));

    private static string RoleLabel(ChatRole role)
    {
        var value = role.Value;
        return value.Length == 0 ? "User" : char.ToUpperInvariant(value[0]) + value[1..];
    }
}
