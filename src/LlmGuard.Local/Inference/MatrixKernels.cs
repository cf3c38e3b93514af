using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LlmGuard.Local.Inference;

/// <summary>
/// Several rows' dot products with one activation vector at once, each row with its own accumulator, so the
/// processor overlaps the rows' dependent additions. Every row is summed exactly as <see cref="DeterministicDot"/>
/// sums it (element i into lane i mod 8, products rounded before adding, lanes combined
/// <c>((s0+s1)+(s2+s3)) + ((s4+s5)+(s6+s7))</c>), so the results are bit-identical to one row at a time. F16 rows are
/// converted to float inside the loop (exactly: a widened half with its exponent re-biased by a power-of-two product).
/// The fast paths need AVX2 and a length that is a multiple of 8; callers fall back to <see cref="DeterministicDot"/>.
/// </summary>
internal static class MatrixKernels
{
    public const int RowsPerGroup = 4;

    private const int Lanes = 8;

    // Constants are created inside the kernels, not read from static fields: a static field read in a loop can keep a
    // class-initialization check there, which spills every accumulator to the stack on each iteration.
    private const float TwoPow112 = 5.192296858534828E+33f; // 2^112 exactly
    private const int HalfFieldMask = unchecked((int)0x8FFF_E000); // sign, exponent and mantissa bits of a shifted half

    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>Whether F16 values can take the fast conversion (no infinities or NaNs, whose exponent it would not map).</summary>
    public static bool AllFinite(ReadOnlySpan<short> halves)
    {
        foreach (var value in halves)
        {
            if ((value & 0x7C00) == 0x7C00)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Exact F16 → F32 for finite halves: sign-extended, shifted into float position, exponent re-biased by × 2^112.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadHalf(ref short source, int offset, Vector256<int> mask, Vector256<float> rebias)
    {
        var widened = Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, (nuint)offset));
        return (Avx2.ShiftLeftLogical(widened, 13) & mask).AsSingle() * rebias;
    }

    /// <summary>The dot products of four F16 rows (each <paramref name="length"/> long, <paramref name="stride"/> apart) with x.</summary>
    public static Vector128<float> DotHalf4(ref short rows, int stride, ref float x, int length)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        ref var row1 = ref Unsafe.Add(ref rows, stride);
        ref var row2 = ref Unsafe.Add(ref rows, 2 * stride);
        ref var row3 = ref Unsafe.Add(ref rows, 3 * stride);
        var mask = Vector256.Create(HalfFieldMask);
        var rebias = Vector256.Create(TwoPow112);
        for (var i = 0; i < length; i += Lanes)
        {
            var xi = Vector256.LoadUnsafe(ref x, (nuint)i);
            var p0 = LoadHalf(ref rows, i, mask, rebias) * xi;
            var p1 = LoadHalf(ref row1, i, mask, rebias) * xi;
            var p2 = LoadHalf(ref row2, i, mask, rebias) * xi;
            var p3 = LoadHalf(ref row3, i, mask, rebias) * xi;
            s0 += p0;
            s1 += p1;
            s2 += p2;
            s3 += p3;
        }

        return Combine4(s0, s1, s2, s3);
    }

    /// <summary>
    /// Like <see cref="DotHalf4"/>, with x already multiplied by 2^112 (<see cref="PrescaleForHalf"/>): then the half's
    /// bits shifted into float position (its value × 2^−112, exactly) times x × 2^112 is the same real product as
    /// half × x, so it rounds to the same float — one multiplication fewer per element.
    /// </summary>
    public static Vector128<float> DotHalf4Prescaled(ref short rows, int stride, ref float scaledX, int length)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        ref var row1 = ref Unsafe.Add(ref rows, stride);
        ref var row2 = ref Unsafe.Add(ref rows, 2 * stride);
        ref var row3 = ref Unsafe.Add(ref rows, 3 * stride);
        var mask = Vector256.Create(HalfFieldMask);
        for (var i = 0; i < length; i += Lanes)
        {
            var xi = Vector256.LoadUnsafe(ref scaledX, (nuint)i);
            var p0 = ShiftedHalf(ref rows, i, mask) * xi;
            var p1 = ShiftedHalf(ref row1, i, mask) * xi;
            var p2 = ShiftedHalf(ref row2, i, mask) * xi;
            var p3 = ShiftedHalf(ref row3, i, mask) * xi;
            s0 += p0;
            s1 += p1;
            s2 += p2;
            s3 += p3;
        }

        return Combine4(s0, s1, s2, s3);
    }

    /// <summary>
    /// x × 2^112 into <paramref name="scaled"/>, exactly, when every |x| is below 2^15 (so nothing overflows); false otherwise.
    /// </summary>
    public static bool PrescaleForHalf(ReadOnlySpan<float> x, Span<float> scaled)
    {
        foreach (var value in x)
        {
            if (!(Math.Abs(value) < 32768f))
            {
                return false;
            }
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(x, TwoPow112, scaled);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ShiftedHalf(ref short source, int offset, Vector256<int> mask) =>
        (Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref source, (nuint)offset)), 13) & mask).AsSingle();

    /// <summary>The dot products of four float rows with x.</summary>
    public static Vector128<float> DotFloat4(ref float rows, int stride, ref float x, int length)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        ref var row1 = ref Unsafe.Add(ref rows, stride);
        ref var row2 = ref Unsafe.Add(ref rows, 2 * stride);
        ref var row3 = ref Unsafe.Add(ref rows, 3 * stride);
        for (var i = 0; i < length; i += Lanes)
        {
            var xi = Vector256.LoadUnsafe(ref x, (nuint)i);
            var p0 = Vector256.LoadUnsafe(ref rows, (nuint)i) * xi;
            var p1 = Vector256.LoadUnsafe(ref row1, (nuint)i) * xi;
            var p2 = Vector256.LoadUnsafe(ref row2, (nuint)i) * xi;
            var p3 = Vector256.LoadUnsafe(ref row3, (nuint)i) * xi;
            s0 += p0;
            s1 += p1;
            s2 += p2;
            s3 += p3;
        }

        return Combine4(s0, s1, s2, s3);
    }

    /// <summary>
    /// The dot products of one float row with four activation vectors (<paramref name="xStride"/> apart): the row is
    /// loaded once for four tokens (the matrix-matrix case).
    /// </summary>
    public static Vector128<float> DotFloatBy4(ref float row, ref float x, int xStride, int length)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        ref var x1 = ref Unsafe.Add(ref x, xStride);
        ref var x2 = ref Unsafe.Add(ref x, 2 * xStride);
        ref var x3 = ref Unsafe.Add(ref x, 3 * xStride);
        for (var i = 0; i < length; i += Lanes)
        {
            var w = Vector256.LoadUnsafe(ref row, (nuint)i);
            var p0 = w * Vector256.LoadUnsafe(ref x, (nuint)i);
            var p1 = w * Vector256.LoadUnsafe(ref x1, (nuint)i);
            var p2 = w * Vector256.LoadUnsafe(ref x2, (nuint)i);
            var p3 = w * Vector256.LoadUnsafe(ref x3, (nuint)i);
            s0 += p0;
            s1 += p1;
            s2 += p2;
            s3 += p3;
        }

        return Combine4(s0, s1, s2, s3);
    }

    /// <summary>
    /// Each accumulator's lanes combined as ((l0+l1)+(l2+l3)) + ((l4+l5)+(l6+l7)): the horizontal adds pair exactly
    /// those lanes, then the 128-bit halves are added.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Combine4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        var ab = Avx.HorizontalAdd(a, b); // a01 a23 b01 b23 | a45 a67 b45 b67
        var cd = Avx.HorizontalAdd(c, d);
        var all = Avx.HorizontalAdd(ab, cd); // a0123 b0123 c0123 d0123 | a4567 b4567 c4567 d4567
        return all.GetLower() + all.GetUpper();
    }

    /// <summary>Converts F16 bits to floats (exact), for rows used by several tokens or by the portable paths.</summary>
    public static void HalfToFloat(ReadOnlySpan<short> halves, Span<float> destination) =>
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<short, Half>(halves), destination);
}
