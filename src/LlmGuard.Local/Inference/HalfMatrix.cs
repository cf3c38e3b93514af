using System.Buffers;
using System.Runtime.Intrinsics;

namespace LlmGuard.Local.Inference;

/// <summary>
/// A weight matrix kept in F16 (half the bytes of floats to read per token). Each value is converted to float exactly
/// inside the dot product; the sums are <see cref="DeterministicDot"/>'s, so the results equal those of the same
/// matrix widened to floats. Rows are taken four at a time; with several tokens, four rows are converted once and
/// multiplied with every token of the batch.
/// </summary>
internal sealed class HalfMatrix : WeightMatrix
{
    private readonly short[] values;
    private readonly bool fast;

    public HalfMatrix(short[] values, int rows, int columns)
        : base(rows, columns)
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"Expected {rows}×{columns} values, got {values.Length}.", nameof(values));
        }

        this.values = values;
        fast = MatrixKernels.IsAccelerated && columns % 8 == 0 && MatrixKernels.AllFinite(values);
    }

    public override void CopyRow(int row, Span<float> destination) =>
        MatrixKernels.HalfToFloat(values.AsSpan(row * Columns, Columns), destination[..Columns]);

    public override void Multiply(float[] input, int tokenCount, float[] output, RowParallel parallel)
    {
        var rows = Rows;
        var columns = Columns;
        var groups = (rows + MatrixKernels.RowsPerGroup - 1) / MatrixKernels.RowsPerGroup;
        var scaledInput = ArrayPool<float>.Shared.Rent(columns);
        var prescaled = fast && tokenCount == 1 && MatrixKernels.PrescaleForHalf(input.AsSpan(0, columns), scaledInput);
        parallel.For(groups, (long)columns * tokenCount * MatrixKernels.RowsPerGroup, (startGroup, endGroup) =>
        {
            var converted = ArrayPool<float>.Shared.Rent(MatrixKernels.RowsPerGroup * columns);
            try
            {
                for (var group = startGroup; group < endGroup; group++)
                {
                    var first = group * MatrixKernels.RowsPerGroup;
                    var count = Math.Min(MatrixKernels.RowsPerGroup, rows - first);
                    if (fast && count == MatrixKernels.RowsPerGroup && tokenCount == 1)
                    {
                        var dots = prescaled
                            ? MatrixKernels.DotHalf4Prescaled(ref values[first * columns], columns, ref scaledInput[0], columns)
                            : MatrixKernels.DotHalf4(ref values[first * columns], columns, ref input[0], columns);
                        dots.CopyTo(output.AsSpan(first, 4));
                        continue;
                    }

                    MatrixKernels.HalfToFloat(values.AsSpan(first * columns, count * columns), converted);
                    DenseMatrix.MultiplyRows(converted, first, count, columns, rows, input, tokenCount, output);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(converted);
            }
        });
        ArrayPool<float>.Shared.Return(scaledInput);
    }
}
