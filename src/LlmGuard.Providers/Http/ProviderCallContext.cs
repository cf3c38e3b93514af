using LlmGuard.Security;

namespace LlmGuard.Providers.Http;

/// <summary>What the HTTP layer of one target needs to describe failures: the provider, how to fix authentication, and the secrets to hide.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="AuthenticationHint">One sentence telling which environment variable to set.</param>
/// <param name="Secrets">Secret values (API keys) that must never appear in a message.</param>
/// <param name="Timeout">The target's timeout, within which all attempts of a call must fit.</param>
internal sealed record ProviderCallContext(string Provider, string AuthenticationHint, IReadOnlyList<string> Secrets, TimeSpan Timeout)
{
    public string Redact(string text)
    {
        foreach (var secret in Secrets.Where(secret => secret.Length > 0))
        {
            text = text.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal);
        }

        return SecretRedactor.Redact(text);
    }
}
