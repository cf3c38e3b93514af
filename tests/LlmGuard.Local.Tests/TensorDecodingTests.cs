using LlmGuard.Local.Gguf;
using LlmGuard.Local.Inference;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class TensorDecodingTests
{
    [Test]
    public void Q4_0_block_is_scale_times_nibble_minus_eight()
    {
        var block = new byte[18];
        BitConverter.TryWriteBytes(block.AsSpan(0, 2), BitConverter.HalfToUInt16Bits((Half)0.5f));
        block[2] = 0x9F; // element 0: low nibble 15, element 16: high nibble 9
        var values = TensorDecoding.ToFloats(new GgufTensor(new GgufTensorInfo("t", [32], GgmlType.Q4_0, 0), block));
        Assert.Multiple(() =>
        {
            Assert.That(values[0], Is.EqualTo(3.5f));
            Assert.That(values[16], Is.EqualTo(0.5f));
            Assert.That(values[1], Is.EqualTo(-4f));
        });
    }

    [Test]
    public void Q8_0_matrix_rows_and_products_use_the_block_scales()
    {
        var raw = new byte[34 * 2];
        for (var row = 0; row < 2; row++)
        {
            BitConverter.TryWriteBytes(raw.AsSpan(row * 34, 2), BitConverter.HalfToUInt16Bits((Half)(row + 1f)));
            for (var j = 0; j < 32; j++)
            {
                raw[(row * 34) + 2 + j] = unchecked((byte)(sbyte)(j - 16));
            }
        }

        var matrix = new Q8_0Matrix(raw, rows: 2, columns: 32);
        var row1 = new float[32];
        matrix.CopyRow(1, row1);
        var output = new float[2];
        matrix.Multiply(Enumerable.Repeat(1f, 32).ToArray(), 1, output, new RowParallel(1));
        Assert.Multiple(() =>
        {
            Assert.That(row1[0], Is.EqualTo(-32f));
            Assert.That(row1[31], Is.EqualTo(30f));
            Assert.That(output, Is.EqualTo(new[] { -16f, -32f }).Within(0.01f), "activations are quantized to Q8_0 with an F16 scale, as in llama.cpp");
        });
    }
}
