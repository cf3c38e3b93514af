using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Tests;

/// <summary>The fast matrix paths against the one-row-at-a-time scalar definition of the dot product, bit for bit.</summary>
[TestFixture]
public sealed class MatrixKernelTests
{
    [TestCase(1, 64, 1)]
    [TestCase(4, 64, 1)]
    [TestCase(7, 64, 1)]
    [TestCase(13, 96, 5)]
    [TestCase(9, 40, 9)]
    [TestCase(6, 12, 3)]
    [TestCase(33, 256, 70)]
    [TestCase(8, 64, -1)]
    public void Half_and_float_matrices_give_the_scalar_definition_bit_for_bit(int rows, int columns, int tokens)
    {
        var random = new SplitMix64((ulong)(rows * 1000 + columns + tokens));
        var halves = new short[rows * columns];
        for (var i = 0; i < halves.Length; i++)
        {
            // Normal numbers of several magnitudes, subnormals, signed zeros.
            halves[i] = (i % 17) switch
            {
                0 => 0,
                1 => unchecked((short)0x8000),
                2 => (short)(random.NextUInt64() % 0x400),
                _ => BitConverter.HalfToInt16Bits((Half)((random.NextDouble() - 0.5) * Math.Pow(2, (i % 7) - 3))),
            };
        }

        var floats = halves.Select(bits => (float)BitConverter.Int16BitsToHalf(bits)).ToArray();
        // tokens == -1: one token with large activations (beyond the range where x is pre-scaled by 2^112).
        var large = tokens < 0;
        tokens = Math.Abs(tokens);
        var input = Enumerable.Range(0, tokens * columns).Select(i => (float)((random.NextDouble() - 0.5) * (large && i % 9 == 0 ? 1e6 : 4))).ToArray();
        var expected = new float[tokens * rows];
        for (var t = 0; t < tokens; t++)
        {
            for (var r = 0; r < rows; r++)
            {
                expected[(t * rows) + r] = DeterministicDot.DotScalarReference(floats.AsSpan(r * columns, columns), input.AsSpan(t * columns, columns));
            }
        }

        foreach (var threads in new[] { 1, 2 })
        {
            var fromHalf = new float[tokens * rows];
            new HalfMatrix(halves, rows, columns).Multiply(input, tokens, fromHalf, new RowParallel(threads));
            var fromFloat = new float[tokens * rows];
            new DenseMatrix(floats, rows, columns).Multiply(input, tokens, fromFloat, new RowParallel(threads));
            Assert.Multiple(() =>
            {
                Assert.That(fromHalf.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)), $"half, {threads} threads");
                Assert.That(fromFloat.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)), $"float, {threads} threads");
            });
        }
    }

    [Test]
    public void Half_rows_copy_out_exactly()
    {
        short[] halves = [0, unchecked((short)0x8000), 1, 0x3C00, unchecked((short)0xC000), 0x7BFF, 0x0400, 0x03FF];
        var row = new float[8];
        new HalfMatrix(halves, 1, 8).CopyRow(0, row);
        Assert.That(row, Is.EqualTo(halves.Select(bits => (float)BitConverter.Int16BitsToHalf(bits))));
    }

    [TestCase(1, 64, 1)]
    [TestCase(8, 96, 1)]
    [TestCase(7, 96, 1)]
    [TestCase(5, 256, 9)]
    [TestCase(12, 32, 4)]
    public void Q8_0_matrix_gives_the_scalar_definition_bit_for_bit(int rows, int columns, int tokens)
    {
        var random = new SplitMix64((ulong)(rows * 7 + columns + tokens));
        var blocksPerRow = columns / Q8_0Matrix.BlockSize;
        var raw = new byte[rows * blocksPerRow * 34];
        var weightScales = new float[rows * blocksPerRow];
        var weights = new sbyte[rows * columns];
        for (var block = 0; block < rows * blocksPerRow; block++)
        {
            var scale = (Half)(random.NextDouble() * 0.05);
            weightScales[block] = (float)scale;
            BitConverter.TryWriteBytes(raw.AsSpan(block * 34, 2), BitConverter.HalfToUInt16Bits(scale));
            for (var j = 0; j < 32; j++)
            {
                var q = (sbyte)((long)(random.NextUInt64() % 256) - 128);
                weights[(block * 32) + j] = q;
                raw[(block * 34) + 2 + j] = unchecked((byte)q);
            }
        }

        var input = Enumerable.Range(0, tokens * columns).Select(i => i % 29 == 0 ? 0f : (float)((random.NextDouble() - 0.5) * 6)).ToArray();
        var expected = new float[tokens * rows];
        for (var t = 0; t < tokens; t++)
        {
            var quantized = new sbyte[columns];
            var scales = new float[blocksPerRow];
            for (var b = 0; b < blocksPerRow; b++)
            {
                Q8_0Matrix.QuantizeBlockScalar(input.AsSpan((t * columns) + (b * 32), 32), quantized.AsSpan(b * 32, 32), out scales[b]);
            }

            for (var r = 0; r < rows; r++)
            {
                double sum = 0;
                for (var b = 0; b < blocksPerRow; b++)
                {
                    var integerSum = Q8_0Matrix.BlockDot(weights.AsSpan((r * columns) + (b * 32), 32), quantized.AsSpan(b * 32, 32));
                    sum += integerSum * (double)(weightScales[(r * blocksPerRow) + b] * scales[b]);
                }

                expected[(t * rows) + r] = (float)sum;
            }
        }

        var matrix = new Q8_0Matrix(raw, rows, columns);
        foreach (var threads in new[] { 1, 2 })
        {
            var output = new float[tokens * rows];
            matrix.Multiply(input, tokens, output, new RowParallel(threads));
            Assert.That(output.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)), $"{threads} threads");
        }
    }
}
