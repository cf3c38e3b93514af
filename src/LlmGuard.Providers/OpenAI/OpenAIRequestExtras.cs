using System.Text;
using System.Text.Json;
using LlmGuard.Execution;
using LlmGuard.Suites;
using OpenAI.Chat;

namespace LlmGuard.Providers.OpenAI;

/// <summary>
/// The request fields Microsoft.Extensions.AI does not map, written into the request JSON: the target's
/// <c>options</c> (pass-through), and for OpenAI-compatible servers <c>top_k</c> and the older <c>max_tokens</c>
/// beside <c>max_completion_tokens</c>, which many such servers still read instead.
/// </summary>
internal static class OpenAIRequestExtras
{
    public static void Validate(TargetDefinition target, string provider)
    {
        foreach (var key in target.Options.Keys.Where(key => !IsPlainName(key)))
        {
            throw new ProviderConfigurationException($"The '{provider}' target's option '{key}' is not a plain JSON field name (letters, digits, '_', '-').");
        }
    }

    public static IReadOnlyDictionary<string, object?> For(TargetDefinition target, OpenAIFlavor flavor)
    {
        var extras = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in target.Options)
        {
            extras[key] = value;
        }

        if (flavor == OpenAIFlavor.Compatible)
        {
            if (target.TopK is { } topK)
            {
                extras.TryAdd("top_k", topK);
            }

            if (target.MaxOutputTokens is { } maxTokens)
            {
                extras.TryAdd("max_tokens", maxTokens);
            }
        }

        return extras;
    }

#pragma warning disable SCME0001 // JsonPatch is the SDK's documented way to send fields it has no property for.
    public static ChatCompletionOptions Apply(IReadOnlyDictionary<string, object?> extras)
    {
        var options = new ChatCompletionOptions();
        foreach (var (key, value) in extras)
        {
            options.Patch.Set(Encoding.UTF8.GetBytes("$." + key), BinaryData.FromString(JsonSerializer.Serialize(value)));
        }

        return options;
    }
#pragma warning restore SCME0001

    private static bool IsPlainName(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
