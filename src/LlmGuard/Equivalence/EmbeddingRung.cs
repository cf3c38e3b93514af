using System.Globalization;
using System.Numerics.Tensors;
using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Equivalence;

/// <summary>
/// The embedding step: the cosine similarity of the two outputs' embeddings (Microsoft.Extensions.AI's
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>) at or above the case's threshold is equivalent; below it the later
/// steps decide. Vectors are cached by a hash of the model and the text, so an unchanged output is embedded once; the
/// embedding model's identity is recorded. A failed call is a provider error.
/// </summary>
internal sealed class EmbeddingRung(ComparisonModels models) : ILadderRung
{
    public const string Source = "embedding";

    public bool AppliesTo(LadderInput input) => input.Case.Compare.Embedding is not null;

    public async ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        var threshold = input.Case.Compare.Embedding!.Threshold;
        if (models.Embeddings is not { } embeddings)
        {
            throw new ComparisonModelException(Source, new ProviderFailure("error", "the suite declares no 'embedding' model"));
        }

        var target = embeddings.Target;
        string[] texts = [input.Baseline, input.Candidate];
        var keys = texts.Select(text => ComparisonCache.EmbeddingKey(target.Provider, target.Model, text)).ToArray();
        var vectors = new float[texts.Length][];
        var missing = new List<int>();
        for (var index = 0; index < texts.Length; index++)
        {
            if (models.Cache.TryGetEmbedding(keys[index], out var cached))
            {
                vectors[index] = cached;
                models.Counters.CountEmbedding(cached: true);
            }
            else
            {
                missing.Add(index);
            }
        }

        string? resolvedModel = null;
        if (missing.Count > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(target.Timeout);
            GeneratedEmbeddings<Embedding<float>> generated;
            try
            {
                generated = await embeddings.Generator.GenerateAsync([.. missing.Select(index => texts[index])], new EmbeddingGenerationOptions { ModelId = target.Model }, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception)
            {
                throw new ComparisonModelException(Source, exception, timeout.IsCancellationRequested, target.Timeout);
            }

            if (generated.Count != missing.Count || generated.Any(embedding => embedding.Vector.Length == 0))
            {
                throw new ComparisonModelException(Source, new ProviderFailure("malformed-response",
                    $"the embedding model returned {generated.Count} vector(s) for {missing.Count} text(s), or an empty one"));
            }

            for (var position = 0; position < missing.Count; position++)
            {
                var index = missing[position];
                vectors[index] = generated[position].Vector.ToArray();
                resolvedModel ??= generated[position].ModelId;
                models.Cache.AddEmbedding(keys[index], vectors[index]);
                models.Counters.CountEmbedding(cached: false);
            }
        }

        if (vectors[0].Length != vectors[1].Length)
        {
            throw new ComparisonModelException(Source, new ProviderFailure("malformed-response",
                $"the two embeddings have different lengths ({vectors[0].Length} and {vectors[1].Length}); was the embedding model changed?"));
        }

        var similarity = (double)TensorPrimitives.CosineSimilarity(vectors[0], vectors[1]);
        var reached = similarity >= threshold;
        return new LadderFinding(LadderStep.Embedding, reached ? LadderVerdict.Equivalent : LadderVerdict.Undecided,
            string.Create(CultureInfo.InvariantCulture, $"cosine {similarity:0.###} {(reached ? "≥" : "<")} {threshold} ({resolvedModel ?? target.Model})"))
        {
            Score = similarity,
            Threshold = threshold,
            Model = ComparisonModels.Identity(target, resolvedModel),
            Calls = texts.Length,
            CachedCalls = texts.Length - missing.Count,
        };
    }
}
