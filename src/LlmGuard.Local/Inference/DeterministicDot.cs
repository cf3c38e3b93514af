using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>
/// The one float dot product every matrix-vector product goes through. Its summation order is fixed and does not
/// depend on the processor's vector width: element <c>i</c> always goes to partial sum <c>i mod 8</c>
/// (product rounded to float, then added — never fused), the eight partial sums are combined as
/// <c>((s0+s1)+(s2+s3)) + ((s4+s5)+(s6+s7))</c>. A 256-bit vector is exactly those eight lanes; two 128-bit vectors
/// or eight scalars give the same bits.
/// </summary>
internal static class DeterministicDot
{
    public const int Lanes = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException("Dot product operands differ in length.", nameof(right));
        }

        var length = left.Length;
        var whole = length - (length % Lanes);
        ref var a = ref MemoryMarshal.GetReference(left);
        ref var b = ref MemoryMarshal.GetReference(right);

        if (Vector256.IsHardwareAccelerated && whole == length)
        {
            return CombineVector(Accumulate256(ref a, ref b, whole));
        }

        Span<float> lanes = stackalloc float[Lanes];
        if (Vector256.IsHardwareAccelerated)
        {
            Accumulate256(ref a, ref b, whole).StoreUnsafe(ref MemoryMarshal.GetReference(lanes));
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var low = Vector128<float>.Zero;
            var high = Vector128<float>.Zero;
            for (var i = 0; i < whole; i += Lanes)
            {
                var productLow = Vector128.LoadUnsafe(ref a, (nuint)i) * Vector128.LoadUnsafe(ref b, (nuint)i);
                var productHigh = Vector128.LoadUnsafe(ref a, (nuint)(i + 4)) * Vector128.LoadUnsafe(ref b, (nuint)(i + 4));
                low += productLow;
                high += productHigh;
            }

            low.StoreUnsafe(ref MemoryMarshal.GetReference(lanes));
            high.StoreUnsafe(ref MemoryMarshal.GetReference(lanes), 4);
        }
        else
        {
            AccumulateScalar(left[..whole], right[..whole], lanes);
        }

        for (var i = whole; i < length; i++)
        {
            var product = Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
            lanes[i - whole] += product;
        }

        return Combine(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Accumulate256(ref float a, ref float b, int whole)
    {
        var sum = Vector256<float>.Zero;
        for (var i = 0; i < whole; i += Lanes)
        {
            var product = Vector256.LoadUnsafe(ref a, (nuint)i) * Vector256.LoadUnsafe(ref b, (nuint)i);
            sum += product;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float CombineVector(Vector256<float> lanes)
    {
        // Adjacent pairs, then pairs of pairs, then the two halves: the same tree as Combine.
        var low = lanes.GetLower();
        var high = lanes.GetUpper();
        var pairsLow = (low.GetElement(0) + low.GetElement(1)) + (low.GetElement(2) + low.GetElement(3));
        var pairsHigh = (high.GetElement(0) + high.GetElement(1)) + (high.GetElement(2) + high.GetElement(3));
        return pairsLow + pairsHigh;
    }

    /// <summary>The scalar definition of <see cref="Dot"/>, kept for tests that check the vector paths against it.</summary>
    public static float DotScalarReference(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        Span<float> lanes = stackalloc float[Lanes];
        AccumulateScalar(left, right, lanes);
        return Combine(lanes);
    }

    private static void AccumulateScalar(ReadOnlySpan<float> left, ReadOnlySpan<float> right, Span<float> lanes)
    {
        for (var i = 0; i < left.Length; i++)
        {
            var product = left[i] * right[i];
            lanes[i % Lanes] += product;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Combine(ReadOnlySpan<float> lanes) =>
        ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}
