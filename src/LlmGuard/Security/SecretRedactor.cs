using System.Text.RegularExpressions;

namespace LlmGuard.Security;

/// <summary>
/// Removes credentials from text before it is printed, logged or stored: bearer tokens, api-key values, and keys of
/// the well-known shapes (OpenAI, Google, AWS, GitHub) — the same shapes the suite loader refuses in options.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    private static readonly (Regex Pattern, string Description)[] KeyShapes =
    [
        (OpenAiKey(), "an OpenAI-style key (sk-…)"),
        (GoogleKey(), "a Google API key (AIza…)"),
        (AwsAccessKey(), "an AWS access key id (AKIA…)"),
        (GitHubToken(), "a GitHub token"),
    ];

    /// <summary>Redacts secrets in a text.</summary>
    public static string Redact(string text)
    {
        text = BearerToken().Replace(text, "${prefix}" + Mask);
        text = KeyValue().Replace(text, "${prefix}" + Mask);
        foreach (var (pattern, _) in KeyShapes)
        {
            text = pattern.Replace(text, Mask);
        }

        return text;
    }

    /// <summary>What kind of well-known key a text contains, or null when it contains none.</summary>
    public static string? DescribeKeyShape(string text) =>
        KeyShapes.FirstOrDefault(shape => shape.Pattern.IsMatch(text)).Description;

    [GeneratedRegex(@"(?<prefix>\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{6,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();

    // Not \b: an environment variable such as AZURE_OPENAI_API_KEY=... has a word character before 'API'.
    [GeneratedRegex(@"(?<prefix>(?<![A-Za-z0-9])(?:api[-_]?key|authorization|x-api-key|access[-_]?token)[""']?\s*[:=]\s*[""']?)[^\s""',;}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_-]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKey();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();
}
