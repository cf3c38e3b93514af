using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>A weight matrix held as floats (from F32, BF16 or a dequantized format).</summary>
internal sealed class DenseMatrix : WeightMatrix
{
    private readonly float[] values;

    public DenseMatrix(float[] values, int rows, int columns)
        : base(rows, columns)
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        }

        this.values = values;
    }

    public override void CopyRow(int row, Span<float> destination) =>
        values.AsSpan(row * Columns, Columns).CopyTo(destination);

    public override void Multiply(float[] input, int tokenCount, float[] output, RowParallel parallel)
    {
        var rows = Rows;
        var columns = Columns;
        var groups = (rows + MatrixKernels.RowsPerGroup - 1) / MatrixKernels.RowsPerGroup;
        parallel.For(groups, (long)columns * tokenCount * MatrixKernels.RowsPerGroup, (startGroup, endGroup) =>
        {
            var first = startGroup * MatrixKernels.RowsPerGroup;
            var end = Math.Min(rows, endGroup * MatrixKernels.RowsPerGroup);
            MultiplyRows(values.AsSpan(first * columns, (end - first) * columns), first, end - first, columns, rows, input, tokenCount, output);
        });
    }

    /// <summary>
    /// <c>output[t * totalRows + firstRow + r] = block row r · input[t]</c> for the <paramref name="count"/> rows in
    /// <paramref name="block"/>: four rows per token at a time for one token, four tokens per row at a time for a batch.
    /// </summary>
    internal static void MultiplyRows(ReadOnlySpan<float> block, int firstRow, int count, int columns, int totalRows, float[] input, int tokenCount, float[] output)
    {
        var fast = MatrixKernels.IsAccelerated && columns % 8 == 0;
        var r = 0;
        if (fast && tokenCount == 1)
        {
            Span<float> four = stackalloc float[4];
            for (; r + MatrixKernels.RowsPerGroup <= count; r += MatrixKernels.RowsPerGroup)
            {
                MatrixKernels.DotFloat4(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(block[(r * columns)..]), columns, ref input[0], columns).CopyTo(four);
                four.CopyTo(output.AsSpan(firstRow + r, 4));
            }
        }

        for (; r < count; r++)
        {
            var row = block.Slice(r * columns, columns);
            var t = 0;
            if (fast)
            {
                for (; t + 4 <= tokenCount; t += 4)
                {
                    var dots = MatrixKernels.DotFloatBy4(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(row), ref input[t * columns], columns, columns);
                    output[(t * totalRows) + firstRow + r] = dots.GetElement(0);
                    output[((t + 1) * totalRows) + firstRow + r] = dots.GetElement(1);
                    output[((t + 2) * totalRows) + firstRow + r] = dots.GetElement(2);
                    output[((t + 3) * totalRows) + firstRow + r] = dots.GetElement(3);
                }
            }

            for (; t < tokenCount; t++)
            {
                output[(t * totalRows) + firstRow + r] = DeterministicDot.Dot(row, input.AsSpan(t * columns, columns));
            }
        }
    }
}
