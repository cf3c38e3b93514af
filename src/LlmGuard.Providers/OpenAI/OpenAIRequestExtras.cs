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

    /// <summary>The target's extras, sorted by name, each encoded once as its JSON path and value for <see cref="Apply"/>.</summary>
    public static IReadOnlyList<(byte[] JsonPath, BinaryData Value)> For(TargetDefinition target, OpenAIFlavor flavor)
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

        return Encode(extras);
    }

    /// <summary>Encodes fields as JSON paths and values for <see cref="Apply"/>.</summary>
    public static IReadOnlyList<(byte[] JsonPath, BinaryData Value)> Encode(IEnumerable<KeyValuePair<string, object?>> extras) =>
        [.. extras.Select(extra => (Encoding.UTF8.GetBytes("$." + extra.Key), BinaryData.FromString(JsonSerializer.Serialize(extra.Value))))];

#pragma warning disable SCME0001 // JsonPatch is the SDK's documented way to send fields it has no property for.
    /// <summary>New SDK options for one request carrying the encoded extras (a request's options are filled in by the SDK, so each call needs its own).</summary>
    public static ChatCompletionOptions Apply(IReadOnlyList<(byte[] JsonPath, BinaryData Value)> extras)
    {
        var options = new ChatCompletionOptions();
        foreach (var (jsonPath, value) in extras)
        {
            options.Patch.Set(jsonPath, value);
        }

        return options;
    }
#pragma warning restore SCME0001

    private static bool IsPlainName(string key) => key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
