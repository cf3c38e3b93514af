using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LlmGuard.Local.Inference;

/// <summary>
/// A Q8_0 weight matrix kept in its quantized blocks (32 signed bytes and one F16 scale per block). Like llama.cpp's
/// CPU backend, it quantizes the activations to Q8_0 too and multiplies block by block in integers: the integer
/// sums are exact, the per-block products <c>sum × (scale_w × scale_x)</c> are accumulated in double in block order.
/// Four rows (one token) or four tokens (one row) are computed together, each output with its own accumulator, so
/// the order of every output's additions — and its bits — do not change.
/// </summary>
internal sealed class Q8_0Matrix : WeightMatrix
{
    public const int BlockSize = 32;
    private const int BlockBytes = 34;
    private const int Group = 4;

    private readonly sbyte[] quants;
    private readonly float[] scales;
    private readonly float[] groupScales; // [row group of 4][block][row in group]: four rows' scales in one load
    private readonly int blocksPerRow;

    public Q8_0Matrix(byte[] raw, int rows, int columns)
        : base(rows, columns)
    {
        if (columns % BlockSize != 0)
        {
            throw new InvalidDataException($"A Q8_0 row of {columns} columns is not a whole number of blocks.");
        }

        blocksPerRow = columns / BlockSize;
        var blockCount = (long)rows * blocksPerRow;
        if (raw.Length != blockCount * BlockBytes)
        {
            throw new InvalidDataException($"Expected {blockCount * BlockBytes} bytes of Q8_0 data, got {raw.Length}.");
        }

        quants = new sbyte[blockCount * BlockSize];
        scales = new float[blockCount];
        for (var block = 0; block < blockCount; block++)
        {
            var offset = block * BlockBytes;
            scales[block] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(offset)));
            MemoryMarshal.Cast<byte, sbyte>(raw.AsSpan(offset + 2, BlockSize)).CopyTo(quants.AsSpan(block * BlockSize));
        }

        groupScales = new float[rows / Group * blocksPerRow * Group];
        for (var row = 0; row < rows / Group * Group; row++)
        {
            for (var b = 0; b < blocksPerRow; b++)
            {
                groupScales[(((row / Group * blocksPerRow) + b) * Group) + (row % Group)] = scales[(row * blocksPerRow) + b];
            }
        }
    }

    private static bool Accelerated => Avx2.IsSupported;

    public override void CopyRow(int row, Span<float> destination)
    {
        for (var b = 0; b < blocksPerRow; b++)
        {
            var block = (row * blocksPerRow) + b;
            var scale = scales[block];
            for (var j = 0; j < BlockSize; j++)
            {
                destination[(b * BlockSize) + j] = scale * quants[(block * BlockSize) + j];
            }
        }
    }

    public override void Multiply(float[] input, int tokenCount, float[] output, RowParallel parallel)
    {
        var columns = Columns;
        var rows = Rows;
        var inputQuants = ArrayPool<sbyte>.Shared.Rent(tokenCount * columns);
        var inputScales = ArrayPool<float>.Shared.Rent(tokenCount * blocksPerRow);
        try
        {
            for (var t = 0; t < tokenCount; t++)
            {
                QuantizeActivations(input.AsSpan(t * columns, columns), inputQuants.AsSpan(t * columns, columns), inputScales.AsSpan(t * blocksPerRow, blocksPerRow));
            }

            var tokenGroups = tokenCount / Group;
            var tokenGroupScales = ArrayPool<float>.Shared.Rent(Math.Max(1, tokenGroups * blocksPerRow * Group));
            for (var t = 0; t < tokenGroups * Group; t++)
            {
                for (var b = 0; b < blocksPerRow; b++)
                {
                    tokenGroupScales[(((t / Group * blocksPerRow) + b) * Group) + (t % Group)] = inputScales[(t * blocksPerRow) + b];
                }
            }

            var groups = (rows + Group - 1) / Group;
            parallel.For(groups, (long)columns * tokenCount * Group, (startGroup, endGroup) =>
            {
                for (var group = startGroup; group < endGroup; group++)
                {
                    var first = group * Group;
                    var count = Math.Min(Group, rows - first);
                    var t = 0;
                    if (Accelerated && count == Group)
                    {
                        for (; t + Group <= tokenCount; t += Group)
                        {
                            DotTile(group, inputQuants, tokenGroupScales, t, output);
                        }

                        for (; t < tokenCount; t++)
                        {
                            Avx.ConvertToVector128Single(DotRows4(group, inputQuants.AsSpan(t * columns, columns), inputScales.AsSpan(t * blocksPerRow, blocksPerRow)))
                                .StoreUnsafe(ref output[(t * rows) + first]);
                        }

                        continue;
                    }

                    for (var r = first; r < first + count; r++)
                    {
                        for (var token = 0; token < tokenCount; token++)
                        {
                            output[(token * rows) + r] = (float)DotScalar(r, inputQuants.AsSpan(token * columns, columns), inputScales.AsSpan(token * blocksPerRow, blocksPerRow));
                        }
                    }
                }
            });
            ArrayPool<float>.Shared.Return(tokenGroupScales);
        }
        finally
        {
            ArrayPool<sbyte>.Shared.Return(inputQuants);
            ArrayPool<float>.Shared.Return(inputScales);
        }
    }

    /// <summary>
    /// Q8_0 quantization of an activation vector as llama.cpp's x86 path does it: scale = max|x| / 127 stored as F16,
    /// q = round-half-to-even(x × 127 / max|x|).
    /// </summary>
    internal static void QuantizeActivations(ReadOnlySpan<float> values, Span<sbyte> quantized, Span<float> blockScales)
    {
        for (var b = 0; b < blockScales.Length; b++)
        {
            var block = values.Slice(b * BlockSize, BlockSize);
            var target = quantized.Slice(b * BlockSize, BlockSize);
            if (Vector256.IsHardwareAccelerated)
            {
                QuantizeBlockVector(block, target, out blockScales[b]);
            }
            else
            {
                QuantizeBlockScalar(block, target, out blockScales[b]);
            }
        }
    }

    internal static void QuantizeBlockScalar(ReadOnlySpan<float> block, Span<sbyte> quantized, out float scale)
    {
        var maxAbs = 0f;
        foreach (var value in block)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs(value));
        }

        scale = (float)(Half)(maxAbs / 127f);
        var inverse = maxAbs != 0 ? 127f / maxAbs : 0f;
        for (var j = 0; j < BlockSize; j++)
        {
            quantized[j] = (sbyte)MathF.Round(block[j] * inverse, MidpointRounding.ToEven);
        }
    }

    private static void QuantizeBlockVector(ReadOnlySpan<float> block, Span<sbyte> quantized, out float scale)
    {
        ref var source = ref MemoryMarshal.GetReference(block);
        var v0 = Vector256.LoadUnsafe(ref source);
        var v1 = Vector256.LoadUnsafe(ref source, 8);
        var v2 = Vector256.LoadUnsafe(ref source, 16);
        var v3 = Vector256.LoadUnsafe(ref source, 24);
        var max = Vector256.Max(Vector256.Max(Vector256.Abs(v0), Vector256.Abs(v1)), Vector256.Max(Vector256.Abs(v2), Vector256.Abs(v3)));
        var maxAbs = 0f;
        for (var i = 0; i < 8; i++)
        {
            maxAbs = Math.Max(maxAbs, max.GetElement(i));
        }

        scale = (float)(Half)(maxAbs / 127f);
        var inverse = Vector256.Create(maxAbs != 0 ? 127f / maxAbs : 0f);
        var q0 = Vector256.ConvertToInt32(Vector256.Round(v0 * inverse));
        var q1 = Vector256.ConvertToInt32(Vector256.Round(v1 * inverse));
        var q2 = Vector256.ConvertToInt32(Vector256.Round(v2 * inverse));
        var q3 = Vector256.ConvertToInt32(Vector256.Round(v3 * inverse));
        var narrowed = Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3));
        narrowed.StoreUnsafe(ref MemoryMarshal.GetReference(quantized));
    }

    /// <summary>The scalar definition: exact integer block sums, block products accumulated in double in block order.</summary>
    private double DotScalar(int row, ReadOnlySpan<sbyte> tokenQuants, ReadOnlySpan<float> tokenScales)
    {
        var rowQuants = quants.AsSpan(row * Columns, Columns);
        var rowScales = scales.AsSpan(row * blocksPerRow, blocksPerRow);
        double sum = 0;
        for (var b = 0; b < rowScales.Length; b++)
        {
            var integerSum = BlockDot(rowQuants.Slice(b * BlockSize, BlockSize), tokenQuants.Slice(b * BlockSize, BlockSize));
            sum += integerSum * (double)(rowScales[b] * tokenScales[b]);
        }

        return sum;
    }

    /// <summary>Four rows (a row group) with one token: four double accumulators, one per row, in block order.</summary>
    private Vector256<double> DotRows4(int group, ReadOnlySpan<sbyte> tokenQuants, ReadOnlySpan<float> tokenScales)
    {
        var columns = Columns;
        ref var w0 = ref quants[group * Group * columns];
        ref var w1 = ref Unsafe.Add(ref w0, columns);
        ref var w2 = ref Unsafe.Add(ref w0, 2 * columns);
        ref var w3 = ref Unsafe.Add(ref w0, 3 * columns);
        ref var x = ref MemoryMarshal.GetReference(tokenQuants);
        ref var rowScales = ref groupScales[group * blocksPerRow * Group];
        var sum = Vector256<double>.Zero;
        for (var b = 0; b < blocksPerRow; b++)
        {
            var offset = (nuint)(b * BlockSize);
            var xb = Vector256.LoadUnsafe(ref x, offset);
            var integers = Combine4(
                BlockDot(Vector256.LoadUnsafe(ref w0, offset), xb),
                BlockDot(Vector256.LoadUnsafe(ref w1, offset), xb),
                BlockDot(Vector256.LoadUnsafe(ref w2, offset), xb),
                BlockDot(Vector256.LoadUnsafe(ref w3, offset), xb));
            var blockScales = Vector256.WidenLower(Vector256.Create(Vector128.LoadUnsafe(ref rowScales, (nuint)(b * Group)) * Vector128.Create(tokenScales[b]), Vector128<float>.Zero));
            var products = Avx.ConvertToVector256Double(integers) * blockScales;
            sum += products;
        }

        return sum;
    }

    /// <summary>
    /// Four rows (a row group) by four tokens: each weight block is loaded once for four tokens and each token block
    /// once for four rows; sixteen double accumulators (four vectors, one per token), each in block order.
    /// </summary>
    private void DotTile(int group, sbyte[] inputQuants, float[] tokenGroupScales, int firstToken, float[] output)
    {
        var columns = Columns;
        ref var w0 = ref quants[group * Group * columns];
        ref var w1 = ref Unsafe.Add(ref w0, columns);
        ref var w2 = ref Unsafe.Add(ref w0, 2 * columns);
        ref var w3 = ref Unsafe.Add(ref w0, 3 * columns);
        ref var x0 = ref inputQuants[firstToken * columns];
        ref var x1 = ref Unsafe.Add(ref x0, columns);
        ref var x2 = ref Unsafe.Add(ref x0, 2 * columns);
        ref var x3 = ref Unsafe.Add(ref x0, 3 * columns);
        ref var rowScales = ref groupScales[group * blocksPerRow * Group];
        ref var tokenScales = ref tokenGroupScales[firstToken / Group * blocksPerRow * Group];
        var sum0 = Vector256<double>.Zero;
        var sum1 = Vector256<double>.Zero;
        var sum2 = Vector256<double>.Zero;
        var sum3 = Vector256<double>.Zero;
        for (var b = 0; b < blocksPerRow; b++)
        {
            var offset = (nuint)(b * BlockSize);
            var a0 = Vector256.LoadUnsafe(ref w0, offset);
            var a1 = Vector256.LoadUnsafe(ref w1, offset);
            var a2 = Vector256.LoadUnsafe(ref w2, offset);
            var a3 = Vector256.LoadUnsafe(ref w3, offset);
            var m0 = Avx2.Abs(a0);
            var m1 = Avx2.Abs(a1);
            var m2 = Avx2.Abs(a2);
            var m3 = Avx2.Abs(a3);
            var blockRowScales = Vector128.LoadUnsafe(ref rowScales, (nuint)(b * Group));
            var blockTokenScales = Vector128.LoadUnsafe(ref tokenScales, (nuint)(b * Group));

            var xb = Vector256.LoadUnsafe(ref x0, offset);
            var integers = Combine4(SignedBlockDot(m0, a0, xb), SignedBlockDot(m1, a1, xb), SignedBlockDot(m2, a2, xb), SignedBlockDot(m3, a3, xb));
            sum0 += Avx.ConvertToVector256Double(integers) * Widen(blockRowScales * Vector128.Create(blockTokenScales.GetElement(0)));

            xb = Vector256.LoadUnsafe(ref x1, offset);
            integers = Combine4(SignedBlockDot(m0, a0, xb), SignedBlockDot(m1, a1, xb), SignedBlockDot(m2, a2, xb), SignedBlockDot(m3, a3, xb));
            sum1 += Avx.ConvertToVector256Double(integers) * Widen(blockRowScales * Vector128.Create(blockTokenScales.GetElement(1)));

            xb = Vector256.LoadUnsafe(ref x2, offset);
            integers = Combine4(SignedBlockDot(m0, a0, xb), SignedBlockDot(m1, a1, xb), SignedBlockDot(m2, a2, xb), SignedBlockDot(m3, a3, xb));
            sum2 += Avx.ConvertToVector256Double(integers) * Widen(blockRowScales * Vector128.Create(blockTokenScales.GetElement(2)));

            xb = Vector256.LoadUnsafe(ref x3, offset);
            integers = Combine4(SignedBlockDot(m0, a0, xb), SignedBlockDot(m1, a1, xb), SignedBlockDot(m2, a2, xb), SignedBlockDot(m3, a3, xb));
            sum3 += Avx.ConvertToVector256Double(integers) * Widen(blockRowScales * Vector128.Create(blockTokenScales.GetElement(3)));
        }

        var rows = Rows;
        var first = group * Group;
        Avx.ConvertToVector128Single(sum0).StoreUnsafe(ref output[(firstToken * rows) + first]);
        Avx.ConvertToVector128Single(sum1).StoreUnsafe(ref output[((firstToken + 1) * rows) + first]);
        Avx.ConvertToVector128Single(sum2).StoreUnsafe(ref output[((firstToken + 2) * rows) + first]);
        Avx.ConvertToVector128Single(sum3).StoreUnsafe(ref output[((firstToken + 3) * rows) + first]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Widen(Vector128<float> values) => Avx.ConvertToVector256Double(values);

    /// <summary>Eight partial integer sums of a 32-byte block product (exact; any grouping gives the same total).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> BlockDot(Vector256<sbyte> weights, Vector256<sbyte> activations) =>
        SignedBlockDot(Avx2.Abs(weights), weights, activations);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> SignedBlockDot(Vector256<byte> magnitudes, Vector256<sbyte> weights, Vector256<sbyte> activations)
    {
        // |w| as unsigned bytes (−128 → 128) times x with w's sign: the products fit vpmaddubsw's 16-bit pairs
        // (|x| ≤ 127 for quantized activations).
        var signed = Avx2.Sign(activations, weights);
        if (AvxVnni.IsSupported)
        {
            return AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, magnitudes, signed);
        }

        return Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitudes, signed), Vector256.Create((short)1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Combine4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var all = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d));
        return all.GetLower() + all.GetUpper();
    }

    internal static int BlockDot(ReadOnlySpan<sbyte> left, ReadOnlySpan<sbyte> right)
    {
        var sum = 0;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }
}
