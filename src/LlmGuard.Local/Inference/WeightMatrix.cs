namespace LlmGuard.Local.Inference;

/// <summary>
/// A weight matrix of <see cref="Rows"/> output rows by <see cref="Columns"/> inputs (GGUF dimensions
/// <c>[Columns, Rows]</c>), multiplied by a batch of activation vectors.
/// </summary>
internal abstract class WeightMatrix(int rows, int columns)
{
    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    /// <summary>Writes row <paramref name="row"/> as floats (used for embedding look-ups).</summary>
    public abstract void CopyRow(int row, Span<float> destination);

    /// <summary>
    /// <c>output[t * Rows + r] = row r · input[t * Columns ..]</c> for every token t in the batch. Every output element
    /// is computed by one thread in a fixed order, so the result does not depend on <paramref name="parallel"/>.
    /// </summary>
    public abstract void Multiply(float[] input, int tokenCount, float[] output, RowParallel parallel);
}
