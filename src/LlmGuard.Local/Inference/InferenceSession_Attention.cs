using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>Attention: scores against the transposed key cache, the softmax, and the weighted sum of values.</summary>
internal sealed partial class InferenceSession
{
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
}
