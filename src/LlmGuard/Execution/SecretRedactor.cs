using System.Text.RegularExpressions;

namespace LlmGuard.Execution;

/// <summary>Removes credentials from text before it is printed, logged or stored: bearer tokens, api-key values, OpenAI-style keys.</summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>Redacts secrets in a text.</summary>
    public static string Redact(string text)
    {
        text = BearerToken().Replace(text, "${prefix}" + Mask);
        text = KeyValue().Replace(text, "${prefix}" + Mask);
        return OpenAiKey().Replace(text, Mask);
    }

    [GeneratedRegex(@"(?<prefix>\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    // Not \b: an environment variable such as AZURE_OPENAI_API_KEY=... has a word character before 'API'.
    [GeneratedRegex(@"(?<prefix>(?<![A-Za-z0-9])(?:api[-_]?key|authorization|x-api-key|access[-_]?token)[""']?\s*[:=]\s*[""']?)[^\s""',;}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();
}
