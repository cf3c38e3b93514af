using System.ClientModel;
using System.Text.Json;
using LlmGuard.Providers.Http;
using LlmGuard.Results;

namespace LlmGuard.Providers;

/// <summary>
/// Attaches a classified <see cref="ProviderFailure"/> to whatever a provider SDK throws, looking through the SDK's
/// wrapping: a failure already classified by the HTTP layer, an SDK status error, malformed JSON, a network error.
/// Shared by the chat clients and the embedding generators.
/// </summary>
internal sealed class FailureClassifier(ProviderCallContext call)
{
    /// <summary>The exception to rethrow: a cancellation of the caller's token stays a cancellation; anything else carries its classified failure.</summary>
    public Exception Attach(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && Chain(exception).Any(inner => inner is OperationCanceledException))
        {
            return new OperationCanceledException("The call was cancelled.", exception, cancellationToken);
        }

        if (Classify(exception) is { } failure)
        {
            exception.Data[ProviderFailure.DataKey] = failure;
        }

        return exception;
    }

    public ProviderFailure? Classify(Exception exception)
    {
        var chain = Chain(exception).ToList();
        if (chain.Select(inner => inner.Data[ProviderFailure.DataKey]).OfType<ProviderFailure>().FirstOrDefault() is { } classified)
        {
            return classified with { Message = call.Redact(classified.Message) };
        }

        if (chain.OfType<ClientResultException>().FirstOrDefault(inner => inner.Status > 0) is { } clientResult)
        {
            var body = clientResult.GetRawResponse()?.Content?.ToString() ?? clientResult.Message;
            return HttpFailureDescriber.Describe((System.Net.HttpStatusCode)clientResult.Status, body, call);
        }

        if (chain.OfType<JsonException>().FirstOrDefault() is { } json)
        {
            return new ProviderFailure("malformed-response", call.Redact($"the answer from {call.Provider} is malformed: it is not the JSON expected: {json.Message}"));
        }

        if (chain.FirstOrDefault(inner => inner is HttpRequestException or IOException) is { } network)
        {
            return new ProviderFailure("network", call.Redact($"{call.Provider} could not be reached or dropped the connection: {Chain(network).Last().Message}"));
        }

        return null;
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
