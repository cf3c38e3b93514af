using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LlmGuard.Suites;

namespace LlmGuard.Security;

/// <summary>
/// Removes credentials from text before it is printed, logged or stored: the values of the key variables targets read
/// (whatever they look like), bearer tokens, api-key values, and keys of the well-known shapes (OpenAI, Google, AWS,
/// GitHub) — the same shapes the suite loader refuses in options.
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

    /// <summary>The shortest value <see cref="AddKnownValue"/> keeps: shorter ones would mask ordinary words.</summary>
    public const int MinKnownValueLength = 4;

    private static readonly ConcurrentDictionary<string, byte> KnownValues = new(StringComparer.Ordinal);
    private static volatile string[] knownValuesLongestFirst = [];

    /// <summary>
    /// Remembers a secret value read from the environment (the value of a target's key variable), so that every later
    /// <see cref="Redact"/> and <see cref="RedactKnownValues(string)"/> in this process masks it whatever it looks like.
    /// </summary>
    public static void AddKnownValue(string? value)
    {
        if (value is { Length: >= MinKnownValueLength } && KnownValues.TryAdd(value, 0))
        {
            knownValuesLongestFirst = [.. KnownValues.Keys.OrderByDescending(known => known.Length)];
        }
    }

    /// <summary>Masks only the values remembered by <see cref="AddKnownValue"/>: for model answers, which keep everything else verbatim.</summary>
    public static string RedactKnownValues(string text)
    {
        foreach (var known in knownValuesLongestFirst)
        {
            text = text.Replace(known, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>
    /// Masks the remembered values in tool calls' names and arguments (a model may echo a key into a call); calls without
    /// one are returned as they are.
    /// </summary>
    public static IReadOnlyList<ToolCall> RedactKnownValues(IReadOnlyList<ToolCall> calls)
    {
        if (knownValuesLongestFirst.Length == 0 || calls.Count == 0)
        {
            return calls;
        }

        return [.. calls.Select(call => RedactKnownValues(call.Name) is var name && RedactKnownValues(call.Arguments) is var arguments
            && (!ReferenceEquals(name, call.Name) || !ReferenceEquals(arguments, call.Arguments))
                ? call with { Name = name, Arguments = arguments }
                : call)];
    }

    /// <summary>Redacts secrets in a text: remembered key values, then the well-known shapes.</summary>
    public static string Redact(string text)
    {
        text = RedactKnownValues(text);
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
