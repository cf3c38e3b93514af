using System.ClientModel;
using System.Text.Json;
using LlmGuard.Providers.Http;
using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Providers;

/// <summary>
/// Attaches a classified <see cref="ProviderFailure"/> to whatever a provider SDK throws, looking through the SDK's
/// wrapping: a failure already classified by the HTTP layer, malformed JSON, a network error. Cancellation passes
/// through untouched, so the runner can tell a timeout from a failure.
/// </summary>
internal sealed class FailureClassifyingChatClient(IChatClient innerClient, ProviderCallContext call) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested && Chain(exception).Any(inner => inner is OperationCanceledException))
            {
                throw new OperationCanceledException("The call was cancelled.", exception, cancellationToken);
            }

            if (Classify(exception) is { } failure)
            {
                exception.Data[ProviderFailure.DataKey] = failure;
            }

            throw;
        }
    }

    internal ProviderFailure? Classify(Exception exception)
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
            return new ProviderFailure("network", call.Redact($"{call.Provider} could not be reached or dropped the connection: {Innermost(network).Message}"));
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

    private static Exception Innermost(Exception exception) => Chain(exception).Last();
}
