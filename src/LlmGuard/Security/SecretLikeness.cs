using System.Text.RegularExpressions;

namespace LlmGuard.Security;

/// <summary>
/// Tells option names and values that hold credentials, so a suite never carries one into a committed snapshot.
/// A name is refused when, lower-cased and with <c>-</c>, <c>_</c> and <c>.</c> removed, it contains secret, password,
/// passwd, authorization, credential, apikey, accesskey or privatekey, or ends with key or token, or has key or token
/// as one of its words (<c>token_type</c>, <c>keyId</c>). Counts such as <c>max_tokens</c> and words that merely begin
/// with the letters (<c>keep_alive</c>, <c>num_keep</c>, <c>top_k</c>) stay allowed. A value is refused when it looks
/// like a credential (a bearer token, an OpenAI, Google, AWS or GitHub key).
/// </summary>
internal static partial class SecretLikeness
{
    private static readonly string[] SecretParts = ["secret", "password", "passwd", "authorization", "credential", "apikey", "accesskey", "privatekey"];
    private static readonly string[] SecretEndings = ["key", "token"];

    /// <summary>Whether an option name names a credential.</summary>
    public static bool IsSecretName(string name)
    {
        var normalized = string.Concat(name.Where(c => c is not ('-' or '_' or '.' or ' '))).ToLowerInvariant();
        return SecretParts.Any(part => normalized.Contains(part, StringComparison.Ordinal))
            || SecretEndings.Any(ending => normalized.EndsWith(ending, StringComparison.Ordinal))
            || Words(name).Any(word => SecretEndings.Contains(word, StringComparer.Ordinal));
    }

    /// <summary>What kind of credential a value looks like, or null when it looks like none.</summary>
    public static string? DescribeSecretValue(string value) =>
        BearerToken().IsMatch(value) ? "an HTTP authorization header value" : SecretRedactor.DescribeKeyShape(value);

    private static IEnumerable<string> Words(string name) =>
        WordBoundary().Split(name).Where(word => word.Length > 0).Select(word => word.ToLowerInvariant());

    // Splits on separators and before an upper-case letter that follows a lower-case one (camelCase).
    [GeneratedRegex(@"[-_. ]+|(?<=[a-z0-9])(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex WordBoundary();

    // A bearer token, or Basic credentials: base64 with at least one digit, '+', '/' or '=' (so "Basic usage" is prose).
    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9._~+/=-]{8,}|\bBasic\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BearerToken();
}
