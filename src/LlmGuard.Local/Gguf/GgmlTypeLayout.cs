namespace LlmGuard.Local.Gguf;

/// <summary>Block sizes and byte sizes of the GGML tensor types, needed to know how many bytes a tensor occupies.</summary>
internal static class GgmlTypeLayout
{
    public static (int ElementsPerBlock, int BytesPerBlock) Of(GgmlType type) => type switch
    {
        GgmlType.F32 => (1, 4),
        GgmlType.F16 => (1, 2),
        GgmlType.BF16 => (1, 2),
        GgmlType.Q4_0 => (32, 18),
        GgmlType.Q4_1 => (32, 20),
        GgmlType.Q5_0 => (32, 22),
        GgmlType.Q5_1 => (32, 24),
        GgmlType.Q8_0 => (32, 34),
        GgmlType.Q8_1 => (32, 36),
        GgmlType.Q2_K => (256, 84),
        GgmlType.Q3_K => (256, 110),
        GgmlType.Q4_K => (256, 144),
        GgmlType.Q5_K => (256, 176),
        GgmlType.Q6_K => (256, 210),
        GgmlType.Q8_K => (256, 292),
        _ => throw new NotSupportedException($"GGML tensor type {(uint)type} is not supported."),
    };

    public static long ByteSize(GgmlType type, long elementCount)
    {
        var (elementsPerBlock, bytesPerBlock) = Of(type);
        if (elementCount % elementsPerBlock != 0)
        {
            throw new InvalidDataException($"A {type} tensor of {elementCount} elements is not a whole number of {elementsPerBlock}-element blocks.");
        }

        return elementCount / elementsPerBlock * bytesPerBlock;
    }
}
