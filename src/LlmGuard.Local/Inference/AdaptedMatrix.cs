namespace LlmGuard.Local.Inference;

/// <summary>
/// A base matrix with LoRA updates applied the way llama.cpp applies them, without merging them into the weights:
/// <c>y = W·x</c>, then for each adapter in order <c>y = y + (s × B·(A·x))</c> — the low-rank product computed in
/// float through the same deterministic dot products, the scaled result added element by element.
/// </summary>
internal sealed class AdaptedMatrix : WeightMatrix
{
    private readonly WeightMatrix inner;
    private readonly LoraDelta[] deltas;

    public AdaptedMatrix(WeightMatrix inner, IReadOnlyList<LoraDelta> deltas)
        : base(inner.Rows, inner.Columns)
    {
        this.inner = inner;
        this.deltas = [.. deltas];
    }

    public override void CopyRow(int row, Span<float> destination)
    {
        inner.CopyRow(row, destination);
        foreach (var delta in deltas.Where(delta => delta.Embedding))
        {
            var a = new float[delta.A.Columns];
            delta.A.CopyRow(row, a);
            var update = new float[Columns];
            delta.B.Multiply(a, 1, update, RowParallel.Sequential);
            AddScaled(destination, update, delta.Multiplier);
        }
    }

    public override void Multiply(float[] input, int tokenCount, float[] output, RowParallel parallel)
    {
        inner.Multiply(input, tokenCount, output, parallel);
        foreach (var delta in deltas.Where(delta => !delta.Embedding))
        {
            var reduced = new float[tokenCount * delta.A.Rows];
            delta.A.Multiply(input, tokenCount, reduced, parallel);
            var update = new float[tokenCount * Rows];
            delta.B.Multiply(reduced, tokenCount, update, parallel);
            AddScaled(output.AsSpan(0, update.Length), update, delta.Multiplier);
        }
    }

    private static void AddScaled(Span<float> destination, ReadOnlySpan<float> update, float multiplier)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var scaled = update[i] * multiplier;
            destination[i] += scaled;
        }
    }
}
