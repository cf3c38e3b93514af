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
    private readonly FailureClassifier classifier = new(call);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (!ReferenceEquals(classifier.Attach(exception, cancellationToken), exception))
            {
                throw new OperationCanceledException("The call was cancelled.", exception, cancellationToken);
            }

            throw;
        }
    }

    internal ProviderFailure? Classify(Exception exception) => classifier.Classify(exception);
}
