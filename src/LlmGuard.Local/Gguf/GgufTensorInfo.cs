namespace LlmGuard.Local.Gguf;

/// <summary>
/// A tensor's descriptor in a GGUF file. <see cref="Dimensions"/> are in GGML order: the first one is the innermost
/// (contiguous) dimension, so a weight matrix of <c>[columns, rows]</c> stores each output row contiguously.
/// </summary>
internal sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgmlType Type, long Offset)
{
    public long ElementCount => Dimensions.Aggregate(1L, (product, dimension) => product * dimension);

    public long ByteSize => GgmlTypeLayout.ByteSize(Type, ElementCount);
}
