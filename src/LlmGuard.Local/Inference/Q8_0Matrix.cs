using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>
/// A Q8_0 weight matrix kept in its quantized blocks (32 signed bytes and one F16 scale per block). Like llama.cpp's
/// CPU backend, it quantizes the activations to Q8_0 too and multiplies block by block in integers: the integer
/// sums are exact, the per-block products <c>sum × (scale_w × scale_x)</c> are accumulated in double in block order.
/// </summary>
internal sealed class Q8_0Matrix : WeightMatrix
{
    public const int BlockSize = 32;
    private const int BlockBytes = 34;

    private readonly sbyte[] quants;
    private readonly float[] scales;
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
    }

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
        var inputQuants = new sbyte[tokenCount * columns];
        var inputScales = new float[tokenCount * blocksPerRow];
        for (var t = 0; t < tokenCount; t++)
        {
            QuantizeActivations(input.AsSpan(t * columns, columns), inputQuants.AsSpan(t * columns, columns), inputScales.AsSpan(t * blocksPerRow, blocksPerRow));
        }

        parallel.For(rows, (long)columns * tokenCount, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                var rowQuants = quants.AsSpan(r * columns, columns);
                var rowScales = scales.AsSpan(r * blocksPerRow, blocksPerRow);
                for (var t = 0; t < tokenCount; t++)
                {
                    var tokenQuants = inputQuants.AsSpan(t * columns, columns);
                    var tokenScales = inputScales.AsSpan(t * blocksPerRow, blocksPerRow);
                    double sum = 0;
                    for (var b = 0; b < rowScales.Length; b++)
                    {
                        var integerSum = BlockDot(rowQuants.Slice(b * BlockSize, BlockSize), tokenQuants.Slice(b * BlockSize, BlockSize));
                        sum += integerSum * (double)(rowScales[b] * tokenScales[b]);
                    }

                    output[(t * rows) + r] = (float)sum;
                }
            }
        });
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
            var maxAbs = 0f;
            foreach (var value in block)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(value));
            }

            blockScales[b] = (float)(Half)(maxAbs / 127f);
            var inverse = maxAbs != 0 ? 127f / maxAbs : 0f;
            for (var j = 0; j < BlockSize; j++)
            {
                quantized[(b * BlockSize) + j] = (sbyte)MathF.Round(block[j] * inverse, MidpointRounding.ToEven);
            }
        }
    }

    internal static int BlockDot(ReadOnlySpan<sbyte> left, ReadOnlySpan<sbyte> right)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var (leftLow, leftHigh) = Vector256.Widen(Vector256.Create(left));
            var (rightLow, rightHigh) = Vector256.Widen(Vector256.Create(right));
            var (p0, p1) = Vector256.Widen(leftLow * rightLow);
            var (p2, p3) = Vector256.Widen(leftHigh * rightHigh);
            return Vector256.Sum((p0 + p1) + (p2 + p3));
        }

        var sum = 0;
        for (var i = 0; i < left.Length; i++)
        {
            sum += left[i] * right[i];
        }

        return sum;
    }
}
