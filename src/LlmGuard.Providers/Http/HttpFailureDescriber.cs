using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGuard.Results;

namespace LlmGuard.Providers.Http;

/// <summary>
/// Turns an unsuccessful HTTP answer into a <see cref="ProviderFailure"/>: the status, the provider's own error
/// message (OpenAI's <c>error.message</c>, Ollama's <c>error</c>, an HTML page's title), secrets removed, and for
/// 401/403 a one-line hint naming the environment variable to set.
/// </summary>
internal static partial class HttpFailureDescriber
{
    private const int MaxMessageLength = 300;

    public static ProviderFailure Describe(HttpStatusCode status, string body, ProviderCallContext call)
    {
        var code = (int)status;
        var providerMessage = ProviderMessage(body, call);
        var statusText = $"HTTP {code} ({status})";
        var text = string.IsNullOrWhiteSpace(providerMessage) ? statusText : $"{statusText}: {providerMessage}";
        if (code is 401 or 403)
        {
            text += ". " + call.AuthenticationHint;
            return new ProviderFailure("auth", call.Redact(text), code);
        }

        return new ProviderFailure("http", call.Redact(text), code);
    }

    private static string ProviderMessage(string body, ProviderCallContext call)
    {
        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                if (document.RootElement.TryGetProperty("error", out var error))
                {
                    return Shorten(call, error.ValueKind switch
                    {
                        JsonValueKind.String => error.GetString() ?? "",
                        JsonValueKind.Object when error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String => message.GetString() ?? "",
                        _ => error.GetRawText(),
                    });
                }

                if (document.RootElement.TryGetProperty("message", out var topMessage) && topMessage.ValueKind == JsonValueKind.String)
                {
                    return Shorten(call, topMessage.GetString() ?? "");
                }
            }
            catch (JsonException)
            {
            }
        }

        if (trimmed.StartsWith('<'))
        {
            var title = HtmlTitle().Match(trimmed);
            var pageText = title.Success ? title.Groups["title"].Value : Tags().Replace(trimmed, " ");
            return Shorten(call, "an HTML page: " + Whitespace().Replace(WebUtility.HtmlDecode(pageText), " ").Trim());
        }

        return Shorten(call, Whitespace().Replace(trimmed, " "));
    }

    // Redacts before cutting: a key straddling the cut would otherwise survive as a prefix the patterns no longer recognise.
    private static string Shorten(ProviderCallContext call, string text)
    {
        var redacted = call.Redact(text);
        return redacted.Length <= MaxMessageLength ? redacted : redacted[..MaxMessageLength] + "…";
    }

    [GeneratedRegex(@"<title[^>]*>(?<title>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTitle();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
