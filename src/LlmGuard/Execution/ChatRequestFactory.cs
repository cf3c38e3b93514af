using LlmGuard.Planning;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>Turns a case plan into the exact <see cref="ChatMessage"/>s and <see cref="ChatOptions"/> sent, every parameter explicit.</summary>
internal static class ChatRequestFactory
{
    /// <summary>The messages of a plan.</summary>
    public static List<ChatMessage> Messages(CasePlan plan) =>
        [.. plan.Messages.Select(message => new ChatMessage(new ChatRole(message.Role), message.Content))];

    /// <summary>The options of a plan: temperature (unless <c>default</c>), seed, max tokens, top-p, top-k, stop sequences and pass-through options.</summary>
    public static ChatOptions Options(CasePlan plan)
    {
        var target = plan.Suite.Target;
        var options = new ChatOptions
        {
            ModelId = target.Model,
            Temperature = target.Temperature is { } temperature ? (float)temperature : null,
            Seed = target.Seed,
            MaxOutputTokens = target.MaxOutputTokens,
            TopP = target.TopP is { } topP ? (float)topP : null,
            TopK = target.TopK,
            StopSequences = target.Stop.Count > 0 ? [.. target.Stop] : null,
        };
        if (target.Options.Count > 0)
        {
            options.AdditionalProperties = [];
            foreach (var (key, value) in target.Options)
            {
                options.AdditionalProperties[key] = value;
            }
        }

        return options;
    }
}
