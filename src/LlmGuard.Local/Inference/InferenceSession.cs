using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>
/// One generation's state: the key/value cache and scratch buffers. Runs the LLaMA forward pass over a batch of
/// tokens (RMSNorm → attention with rope and grouped-query heads → residual → RMSNorm → SwiGLU → residual) and
/// returns the logits of the last token. Batching the prompt changes speed only: every value is computed by the
/// same code in the same order whether tokens arrive one at a time or together.
/// </summary>
internal sealed class InferenceSession
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

    private void Attend(int layer, float[] queries, float[] output, int tokenCount)
    {
        var headDimension = config.HeadDimension;
        var heads = config.HeadCount;
        var headsPerKeyValue = heads / config.KeyValueHeadCount;
        var keyValueDimension = config.KeyValueDimension;
        var queryDimension = heads * headDimension;
        var scale = 1f / MathF.Sqrt(headDimension);
        var keys = keyCache[layer];
        var values = valueCache[layer];
        var firstPosition = Position;
        var stride = keyStride;

        parallel.For(tokenCount * heads, (long)(firstPosition + tokenCount) * headDimension * 2, (start, end) =>
        {
            var scores = ArrayPool<float>.Shared.Rent(stride);
            var query = ArrayPool<float>.Shared.Rent(headDimension);
            var exponentials = ArrayPool<double>.Shared.Rent(stride);
            var halves = ArrayPool<Half>.Shared.Rent(Math.Max(stride, headDimension));
            try
            {
                for (var item = start; item < end; item++)
                {
                    var t = item / heads;
                    var head = item % heads;
                    var position = firstPosition + t;
                    var keyValueHead = head / headsPerKeyValue;
                    var q = query.AsSpan(0, headDimension);
                    RoundToHalf(queries.AsSpan((t * queryDimension) + (head * headDimension), headDimension), q, halves);
                    Scores(q, keys.AsSpan(keyValueHead * headDimension * stride, headDimension * stride), stride, position + 1, scale, scores);

                    var max = float.NegativeInfinity;
                    for (var p = 0; p <= position; p++)
                    {
                        max = Math.Max(max, scores[p]);
                    }

                    var weights = scores.AsSpan(0, position + 1);
                    Softmax(weights, max, exponentials);
                    RoundToHalf(weights, weights, halves);
                    WeightedSum(weights, values.AsSpan((keyValueHead * headDimension)..), keyValueDimension, output.AsSpan((t * queryDimension) + (head * headDimension), headDimension));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
                ArrayPool<float>.Shared.Return(query);
                ArrayPool<double>.Shared.Return(exponentials);
                ArrayPool<Half>.Shared.Return(halves);
            }
        });
    }

    /// <summary>
    /// destination = Σ_p weights[p] × value_p, position by position from zero (each element's additions in position
    /// order, products rounded first); eight dimensions per vector, kept in a register across positions.
    /// </summary>
    internal static void WeightedSum(ReadOnlySpan<float> weights, ReadOnlySpan<float> values, int valueStride, Span<float> destination)
    {
        var dimension = destination.Length;
        ref var source = ref MemoryMarshal.GetReference(values);
        var d = 0;
        for (; d + 8 <= dimension; d += 8)
        {
            var sum = Vector256<float>.Zero;
            for (var p = 0; p < weights.Length; p++)
            {
                var product = Vector256.LoadUnsafe(ref source, (nuint)((p * valueStride) + d)) * Vector256.Create(weights[p]);
                sum += product;
            }

            sum.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)d);
        }

        for (; d < dimension; d++)
        {
            var sum = 0f;
            for (var p = 0; p < weights.Length; p++)
            {
                var product = values[(p * valueStride) + d] * weights[p];
                sum += product;
            }

            destination[d] = sum;
        }
    }

    /// <summary>
    /// scores[p] = (q · key_p) × scale for positions 0 … count − 1, eight positions per vector. Each dot product is
    /// <see cref="DeterministicDot"/>'s: dimension d goes to partial sum d mod 8 (product rounded, then added to a sum
    /// that starts at zero), partial sums combined ((s0+s1)+(s2+s3)) + ((s4+s5)+(s6+s7)) — here one vector per partial
    /// sum, with the positions in its lanes.
    /// </summary>
    internal static void Scores(ReadOnlySpan<float> query, ReadOnlySpan<float> transposedKeys, int stride, int count, float scale, Span<float> scores)
    {
        var dimension = query.Length;
        ref var keys = ref MemoryMarshal.GetReference(transposedKeys);
        for (var p = 0; p < count; p += 8)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (var d = 0; d < dimension; d += 8)
            {
                s0 += Vector256.Create(query[d]) * Vector256.LoadUnsafe(ref keys, (nuint)((d * stride) + p));
                if (d + 8 > dimension)
                {
                    // A head dimension that is not a multiple of 8: the last dimensions fill the first partial sums only.
                    if (d + 1 < dimension) { s1 += Vector256.Create(query[d + 1]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 1) * stride) + p)); }
                    if (d + 2 < dimension) { s2 += Vector256.Create(query[d + 2]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 2) * stride) + p)); }
                    if (d + 3 < dimension) { s3 += Vector256.Create(query[d + 3]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 3) * stride) + p)); }
                    if (d + 4 < dimension) { s4 += Vector256.Create(query[d + 4]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 4) * stride) + p)); }
                    if (d + 5 < dimension) { s5 += Vector256.Create(query[d + 5]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 5) * stride) + p)); }
                    if (d + 6 < dimension) { s6 += Vector256.Create(query[d + 6]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 6) * stride) + p)); }
                    break;
                }

                s1 += Vector256.Create(query[d + 1]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 1) * stride) + p));
                s2 += Vector256.Create(query[d + 2]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 2) * stride) + p));
                s3 += Vector256.Create(query[d + 3]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 3) * stride) + p));
                s4 += Vector256.Create(query[d + 4]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 4) * stride) + p));
                s5 += Vector256.Create(query[d + 5]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 5) * stride) + p));
                s6 += Vector256.Create(query[d + 6]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 6) * stride) + p));
                s7 += Vector256.Create(query[d + 7]) * Vector256.LoadUnsafe(ref keys, (nuint)(((d + 7) * stride) + p));
            }

            var scaled = (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))) * Vector256.Create(scale);
            if (p + 8 <= scores.Length)
            {
                scaled.StoreUnsafe(ref MemoryMarshal.GetReference(scores), (nuint)p);
            }
            else
            {
                for (var lane = 0; lane < 8 && p + lane < scores.Length; lane++)
                {
                    scores[p + lane] = scaled.GetElement(lane);
                }
            }
        }
    }

    /// <summary>Adjacent-pair rotation (dimensions 2i and 2i+1 of each head) by position × θ_i, for the first rope dimensions of each head.</summary>
    private void ApplyRope(Span<float> vector, int headCount, int position)
    {
        var pairs = model.RopeFrequencies.Length;
        while (ropePositions <= position)
        {
            for (var i = 0; i < pairs; i++)
            {
                var angle = ropePositions * model.RopeFrequencies[i];
                ropeCos[(ropePositions * pairs) + i] = (float)DeterministicMath.Cos(angle);
                ropeSin[(ropePositions * pairs) + i] = (float)DeterministicMath.Sin(angle);
            }

            ropePositions++;
        }

        var headDimension = config.HeadDimension;
        for (var i = 0; i < pairs; i++)
        {
            var cos = ropeCos[(position * pairs) + i];
            var sin = ropeSin[(position * pairs) + i];
            for (var head = 0; head < headCount; head++)
            {
                var index = (head * headDimension) + (2 * i);
                var first = vector[index];
                var second = vector[index + 1];
                vector[index] = (first * cos) - (second * sin);
                vector[index + 1] = (first * sin) + (second * cos);
            }
        }
    }

    private void RmsNorm(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output) =>
        RmsNorm(input, weight, output, config.RmsNormEpsilon);

    /// <summary>output = input / sqrt(mean(input²) + ε) × weight, the mean of squares accumulated in double in index order.</summary>
    internal static void RmsNorm(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, float epsilon)
    {
        double sumOfSquares = 0;
        foreach (var value in input)
        {
            sumOfSquares += (double)value * value;
        }

        var scale = (float)(1.0 / Math.Sqrt((sumOfSquares / input.Length) + epsilon));
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = input[i] * scale * weight[i];
        }
    }

    /// <summary>In place: weights[p] = exp(weights[p] − max) / Σ exp, with exp in double and the sum in position order.</summary>
    internal static void Softmax(Span<float> weights, float max)
    {
        var exponentials = ArrayPool<double>.Shared.Rent(weights.Length);
        try
        {
            Softmax(weights, max, exponentials);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(exponentials);
        }
    }

    private static void Softmax(Span<float> weights, float max, Span<double> scratch)
    {
        {
            var values = scratch[..weights.Length];
            var count = weights.Length;
            ref var source = ref MemoryMarshal.GetReference(weights);
            ref var wide = ref MemoryMarshal.GetReference(values);
            var first = 0;
            var maxWide = Vector256.Create((double)max);
            for (; first + 8 <= count; first += 8)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref source, (nuint)first));
                (low - maxWide).StoreUnsafe(ref wide, (nuint)first);
                (high - maxWide).StoreUnsafe(ref wide, (nuint)(first + 4));
            }

            for (var p = first; p < count; p++)
            {
                values[p] = weights[p] - (double)max;
            }

            DeterministicMath.Exp(values, values);
            double sum = 0;
            foreach (var e in values)
            {
                sum += e;
            }

            var sumWide = Vector256.Create(sum);
            first = 0;
            for (; first + 8 <= count; first += 8)
            {
                var low = Vector256.LoadUnsafe(ref wide, (nuint)first) / sumWide;
                var high = Vector256.LoadUnsafe(ref wide, (nuint)(first + 4)) / sumWide;
                Vector256.Narrow(low, high).StoreUnsafe(ref source, (nuint)first);
            }

            for (var p = first; p < count; p++)
            {
                weights[p] = (float)(values[p] / sum);
            }
        }
    }

    internal static float Silu(float value) => (float)(value / (1.0 + DeterministicMath.Exp(-(double)value)));

    /// <summary>gate[i] = silu(gate[i]) × up[i], the exponentials computed four at a time (same bits as <see cref="Silu"/>).</summary>
    internal static void SwiGlu(Span<float> gate, ReadOnlySpan<float> up)
    {
        var negated = ArrayPool<double>.Shared.Rent(gate.Length);
        try
        {
            var values = negated.AsSpan(0, gate.Length);
            ref var gates = ref MemoryMarshal.GetReference(gate);
            ref var ups = ref MemoryMarshal.GetReference(up);
            ref var wide = ref MemoryMarshal.GetReference(values);
            var count = gate.Length;
            var i = 0;
            for (; i + 8 <= count; i += 8)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref gates, (nuint)i));
                (-low).StoreUnsafe(ref wide, (nuint)i);
                (-high).StoreUnsafe(ref wide, (nuint)(i + 4));
            }

            for (; i < count; i++)
            {
                values[i] = -(double)gate[i];
            }

            DeterministicMath.Exp(values, values);
            i = 0;
            for (; i + 8 <= count; i += 8)
            {
                var (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref gates, (nuint)i));
                var siluLow = low / (Vector256<double>.One + Vector256.LoadUnsafe(ref wide, (nuint)i));
                var siluHigh = high / (Vector256<double>.One + Vector256.LoadUnsafe(ref wide, (nuint)(i + 4)));
                var product = Vector256.Narrow(siluLow, siluHigh) * Vector256.LoadUnsafe(ref ups, (nuint)i);
                product.StoreUnsafe(ref gates, (nuint)i);
            }

            for (; i < count; i++)
            {
                gate[i] = (float)(gate[i] / (1.0 + values[i])) * up[i];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(negated);
        }
    }

    /// <summary>Rounds to F16 precision (nearest even), as llama.cpp's F16 key/value cache and attention products do.</summary>
    internal static void RoundToHalf(ReadOnlySpan<float> source, Span<float> destination)
    {
        var halves = ArrayPool<Half>.Shared.Rent(source.Length);
        try
        {
            RoundToHalf(source, destination, halves);
        }
        finally
        {
            ArrayPool<Half>.Shared.Return(halves);
        }
    }

    private static void RoundToHalf(ReadOnlySpan<float> source, Span<float> destination, Span<Half> scratch)
    {
        TensorPrimitives.ConvertToHalf(source, scratch[..source.Length]);
        TensorPrimitives.ConvertToSingle(scratch[..source.Length], destination);
    }

    private static void AddInPlace(Span<float> destination, ReadOnlySpan<float> source)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] += source[i];
        }
    }
}
