namespace LlmGuard.Local.Inference;

/// <summary>A weight matrix held as floats (from F32, F16, BF16 or a dequantized format).</summary>
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
        parallel.For(rows, (long)columns * tokenCount, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                var row = values.AsSpan(r * columns, columns);
                for (var t = 0; t < tokenCount; t++)
                {
                    output[(t * rows) + r] = DeterministicDot.Dot(row, input.AsSpan(t * columns, columns));
                }
            }
        });
    }
}
