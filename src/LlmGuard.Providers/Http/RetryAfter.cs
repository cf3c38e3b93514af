using System.Globalization;

namespace LlmGuard.Providers.Http;

/// <summary>Reads how long a server asks the client to wait: OpenAI's <c>retry-after-ms</c>, else the standard <c>Retry-After</c>.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Of(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }
}
