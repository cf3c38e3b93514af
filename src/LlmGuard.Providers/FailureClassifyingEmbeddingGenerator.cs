using LlmGuard.Providers.Http;
using Microsoft.Extensions.AI;

namespace LlmGuard.Providers;

/// <summary>
/// The embedding counterpart of <see cref="FailureClassifyingChatClient"/>: an embedding call that fails carries the same
/// classified failure (status, 429 after retries, malformed answer, network), so the engine reports it as a provider error of
/// the embedding model. Owns the target's HTTP client.
/// </summary>
internal sealed class FailureClassifyingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, ProviderCallContext call, HttpClient http)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    private readonly FailureClassifier classifier = new(call);

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            http.Dispose();
        }

        base.Dispose(disposing);
    }
}
