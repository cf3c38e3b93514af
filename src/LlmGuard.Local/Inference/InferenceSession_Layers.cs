using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>The per-token layer kernels: rope, RMSNorm, SwiGLU, rounding to half precision, residual addition.</summary>
internal sealed partial class InferenceSession
{
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
