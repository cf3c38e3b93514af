using System.Text.Json;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>Classifies an exception from a chat client as a provider failure, with secrets redacted and the server's text escaped (one line, no control characters).</summary>
internal static class ProviderFailures
{
    /// <summary>The failure for an exception thrown by a call.</summary>
    /// <param name="exception">What the client threw.</param>
    /// <param name="timedOut">True when the per-call timeout fired.</param>
    /// <param name="timeout">The per-call timeout.</param>
    public static ProviderFailure From(Exception exception, bool timedOut, TimeSpan timeout)
    {
        var failure = Classify(exception, timedOut, timeout);
        return failure with { Message = OutsideText.Escape(failure.Message) };
    }

    private static ProviderFailure Classify(Exception exception, bool timedOut, TimeSpan timeout)
    {
        if (timedOut && exception is OperationCanceledException or TimeoutException)
        {
            return new ProviderFailure("timeout", $"no response within {timeout.TotalSeconds:0.###} s");
        }

        if (exception.Data[ProviderFailure.DataKey] is ProviderFailure classified)
        {
            return classified with { Message = SecretRedactor.Redact(classified.Message) };
        }

        var message = SecretRedactor.Redact(exception.Message);
        return exception switch
        {
            HttpRequestException { StatusCode: { } status } => new ProviderFailure(((int)status is 401 or 403) ? "auth" : "http", message, (int)status),
            HttpRequestException => new ProviderFailure("network", message),
            TimeoutException => new ProviderFailure("timeout", message),
            JsonException => new ProviderFailure("malformed-response", message),
            _ => new ProviderFailure("error", $"{exception.GetType().Name}: {message}"),
        };
    }
}
