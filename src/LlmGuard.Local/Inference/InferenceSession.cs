namespace LlmGuard.Local.Inference;

/// <summary>
/// One generation's state: the key/value cache and scratch buffers. Runs the LLaMA forward pass over a batch of
/// tokens (RMSNorm → attention with rope and grouped-query heads → residual → RMSNorm → SwiGLU → residual) and
/// returns the logits of the last token. Batching the prompt changes speed only: every value is computed by the
/// same code in the same order whether tokens arrive one at a time or together.
/// </summary>
internal sealed partial class InferenceSession
{
    private const int MaxBatch = 64;

    private readonly LlamaModel model;
    private readonly LlamaConfig config;
    private readonly RowParallel parallel;
    // Keys are cached transposed — [key/value head][dimension][position] — so the scores of eight positions are
    // computed together, one vector lane per position; values stay [position][key/value dimension].
    private readonly float[][] keyCache;
    private readonly float[][] valueCache;
    private readonly int keyStride;
    private readonly float[] ropeCos;
    private readonly float[] ropeSin;
    private int ropePositions;
    private float[]? logits;
    private float[]? x;
    private float[]? normalizedBatch;
    private float[]? queriesBatch;
    private float[]? keysBatch;
    private float[]? valuesBatch;
    private float[]? attentionBatch;
    private float[]? projectedBatch;
    private float[]? gateBatch;
    private float[]? upBatch;

    public InferenceSession(LlamaModel model, int capacity, RowParallel parallel)
    {
        this.model = model;
        config = model.Config;
        this.parallel = parallel;
        Capacity = capacity;
        keyStride = (capacity + 7) / 8 * 8;
        keyCache = new float[config.BlockCount][];
        valueCache = new float[config.BlockCount][];
        for (var layer = 0; layer < config.BlockCount; layer++)
        {
            keyCache[layer] = new float[config.KeyValueDimension * keyStride];
            valueCache[layer] = new float[capacity * config.KeyValueDimension];
        }

        ropeCos = new float[capacity * model.RopeFrequencies.Length];
        ropeSin = new float[capacity * model.RopeFrequencies.Length];
    }

    /// <summary>How many positions the cache holds.</summary>
    public int Capacity { get; }

    /// <summary>How many tokens have been evaluated so far.</summary>
    public int Position { get; private set; }

    /// <summary>
    /// Evaluates the tokens at the next positions and returns the logits that follow the last one. The array belongs
    /// to the session and is overwritten by the next call (a vocabulary-sized array per token would be a large-object
    /// allocation per token, and the garbage collections it causes cost more than the token).
    /// </summary>
    public float[] Evaluate(ReadOnlySpan<int> tokens)
    {
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("At least one token is needed.", nameof(tokens));
        }

        if (Position + tokens.Length > Capacity)
        {
            throw new InvalidOperationException($"The context holds {Capacity} tokens; {Position + tokens.Length} were needed.");
        }

        var embedding = config.EmbeddingLength;
        var last = 0;
        for (var start = 0; start < tokens.Length; start += MaxBatch)
        {
            var batch = tokens.Slice(start, Math.Min(MaxBatch, tokens.Length - start));
            ForwardBatch(batch.ToArray());
            last = batch.Length - 1;
        }

        logits ??= new float[model.VocabularySize];
        var normalized = new float[embedding];
        RmsNorm(x.AsSpan(last * embedding, embedding), model.Weights.OutputNorm, normalized);
        model.Weights.Output.Multiply(normalized, 1, logits, parallel);
        return logits;
    }

    /// <summary>
    /// Evaluates the tokens at the next positions and returns the logits after every one of them: floats
    /// [t × VocabularySize, (t + 1) × VocabularySize) predict the token that follows <c>tokens[t]</c> (for scoring a
    /// given continuation token by token). The same values <see cref="Evaluate"/> returns for each position.
    /// </summary>
    public float[] EvaluateAllPositions(ReadOnlySpan<int> tokens)
    {
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("At least one token is needed.", nameof(tokens));
        }

        if (Position + tokens.Length > Capacity)
        {
            throw new InvalidOperationException($"The context holds {Capacity} tokens; {Position + tokens.Length} were needed.");
        }

        var embedding = config.EmbeddingLength;
        var vocabulary = model.VocabularySize;
        var all = new float[(long)tokens.Length * vocabulary];
        for (var start = 0; start < tokens.Length; start += MaxBatch)
        {
            var batch = tokens.Slice(start, Math.Min(MaxBatch, tokens.Length - start));
            ForwardBatch(batch.ToArray());
            var normalized = new float[batch.Length * embedding];
            for (var t = 0; t < batch.Length; t++)
            {
                RmsNorm(x.AsSpan(t * embedding, embedding), model.Weights.OutputNorm, normalized.AsSpan(t * embedding, embedding));
            }

            var batchLogits = new float[batch.Length * vocabulary];
            model.Weights.Output.Multiply(normalized, batch.Length, batchLogits, parallel);
            batchLogits.CopyTo(all, (long)start * vocabulary);
        }

        return all;
    }

    /// <summary>Runs the blocks over a batch; the batch's residual streams are left in the first rows of <see cref="x"/>.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(x))]
    private void ForwardBatch(int[] tokens)
    {
        var n = tokens.Length;
        var embedding = config.EmbeddingLength;
        var queryDimension = config.HeadCount * config.HeadDimension;
        var keyValueDimension = config.KeyValueDimension;
        var feedForward = config.FeedForwardLength;
        var weights = model.Weights;

        // Work arrays live as long as the session: allocating them per batch (per token while generating) kept the
        // garbage collector busy for no benefit. Only their first n rows are used.
        var batchCapacity = Math.Min(MaxBatch, Capacity);
        x ??= new float[batchCapacity * embedding];
        normalizedBatch ??= new float[batchCapacity * embedding];
        queriesBatch ??= new float[batchCapacity * queryDimension];
        keysBatch ??= new float[batchCapacity * keyValueDimension];
        valuesBatch ??= new float[batchCapacity * keyValueDimension];
        attentionBatch ??= new float[batchCapacity * queryDimension];
        projectedBatch ??= new float[batchCapacity * embedding];
        gateBatch ??= new float[batchCapacity * feedForward];
        upBatch ??= new float[batchCapacity * feedForward];
        var normalized = normalizedBatch;
        var queries = queriesBatch;
        var keys = keysBatch;
        var values = valuesBatch;
        var attention = attentionBatch;
        var projected = projectedBatch;
        var gate = gateBatch;
        var up = upBatch;
        for (var t = 0; t < n; t++)
        {
            if ((uint)tokens[t] >= (uint)model.VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), tokens[t], "Token id outside the vocabulary.");
            }

            weights.TokenEmbedding.CopyRow(tokens[t], x.AsSpan(t * embedding, embedding));
        }

        for (var layer = 0; layer < config.BlockCount; layer++)
        {
            var block = weights.Layers[layer];
            for (var t = 0; t < n; t++)
            {
                RmsNorm(x.AsSpan(t * embedding, embedding), block.AttentionNorm, normalized.AsSpan(t * embedding, embedding));
            }

            block.Query.Multiply(normalized, n, queries, parallel);
            block.Key.Multiply(normalized, n, keys, parallel);
            block.Value.Multiply(normalized, n, values, parallel);
            for (var t = 0; t < n; t++)
            {
                var position = Position + t;
                ApplyRope(queries.AsSpan(t * queryDimension, queryDimension), config.HeadCount, position);
                ApplyRope(keys.AsSpan(t * keyValueDimension, keyValueDimension), config.KeyValueHeadCount, position);
                var key = keys.AsSpan(t * keyValueDimension, keyValueDimension);
                RoundToHalf(key, key);
                for (var d = 0; d < keyValueDimension; d++)
                {
                    keyCache[layer][(d * keyStride) + position] = key[d];
                }

                RoundToHalf(values.AsSpan(t * keyValueDimension, keyValueDimension), valueCache[layer].AsSpan(position * keyValueDimension, keyValueDimension));
            }

            Attend(layer, queries, attention, n);
            block.AttentionOutput.Multiply(attention, n, projected, parallel);
            AddInPlace(x.AsSpan(0, n * embedding), projected);

            for (var t = 0; t < n; t++)
            {
                RmsNorm(x.AsSpan(t * embedding, embedding), block.FeedForwardNorm, normalized.AsSpan(t * embedding, embedding));
            }

            block.Gate.Multiply(normalized, n, gate, parallel);
            block.Up.Multiply(normalized, n, up, parallel);
            SwiGlu(gate.AsSpan(0, n * feedForward), up);

            block.Down.Multiply(gate, n, projected, parallel);
            AddInPlace(x.AsSpan(0, n * embedding), projected);
        }

        Position += n;
    }
}
