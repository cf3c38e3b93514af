using System.Net;

namespace LlmGuard.Security;

/// <summary>
/// The rules every endpoint follows, in one place: the suite loader applies them at <c>file:line:col</c> and the providers
/// apply them again before a connection (where the address may come from the environment, e.g. <c>OLLAMA_HOST</c>).
/// An endpoint is an absolute http or https address with a host; it carries no credentials (no <c>user:password@</c>, no
/// key in its query); and a key is sent to it only over https or to a loopback address.
/// </summary>
internal static class EndpointRules
{
    /// <summary>Parses an endpoint; <paramref name="allowBareHost"/> accepts <c>host:port</c> without a scheme (Ollama's form), read as http.</summary>
    /// <returns>The address, or null with <paramref name="problem"/> saying why it is not one.</returns>
    public static Uri? Parse(string text, bool allowBareHost, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidate = text.Trim();
        if (allowBareHost && candidate.Length > 0 && !candidate.Contains("://", StringComparison.Ordinal))
        {
            candidate = "http://" + candidate;
        }

        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            problem = "it is not an http or https address such as https://api.example.com/v1" + (allowBareHost ? " or host:port" : "");
            return null;
        }

        problem = null;
        return uri;
    }

    /// <summary>Why an endpoint carries a credential (user-info, or a query parameter that names or looks like a key), or null.</summary>
    public static string? CredentialProblem(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.UserInfo.Length > 0)
        {
            return "it carries credentials before its '@' (user:password@host)";
        }

        foreach (var parameter in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(separator < 0 ? parameter : parameter[..separator]);
            var value = separator < 0 ? "" : WebUtility.UrlDecode(parameter[(separator + 1)..]);
            if (SecretLikeness.IsSecretName(name) || SecretLikeness.DescribeSecretValue(value) is not null)
            {
                return $"its query parameter '{name}' carries a credential";
            }
        }

        return null;
    }

    /// <summary>Whether the address is this machine: <c>localhost</c>, 127.0.0.0/8, <c>::1</c>, or 0.0.0.0 (which clients reach as 127.0.0.1).</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsLoopback
            || uri.Host == "0.0.0.0"
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>Why a key must not be sent to this address (plain http to another machine), or null when it may.</summary>
    public static string? KeyTransportProblem(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == Uri.UriSchemeHttps || IsLoopback(uri)
            ? null
            : $"a key is sent only over https or to a loopback address, and {uri.Scheme}://{uri.Authority} is plain http to another machine, where anyone on the way could read it";
    }
}
