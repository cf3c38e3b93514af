namespace LlmGuard.Local.Gguf;

/// <summary>
/// One GGUF metadata value with its wire type. Scalars are boxed CLR primitives, strings are <see cref="string"/>,
/// arrays are CLR arrays of the element type (<c>string[]</c>, <c>float[]</c>, <c>int[]</c>, …).
/// </summary>
internal sealed record GgufMetadataValue(GgufValueType Type, object Value, GgufValueType ElementType = GgufValueType.UInt8)
{
    public static GgufMetadataValue String(string value) => new(GgufValueType.String, value);

    public static GgufMetadataValue UInt32(uint value) => new(GgufValueType.UInt32, value);

    public static GgufMetadataValue Float32(float value) => new(GgufValueType.Float32, value);

    public static GgufMetadataValue Bool(bool value) => new(GgufValueType.Bool, value);

    public static GgufMetadataValue StringArray(string[] values) => new(GgufValueType.Array, values, GgufValueType.String);

    public static GgufMetadataValue Float32Array(float[] values) => new(GgufValueType.Array, values, GgufValueType.Float32);

    public static GgufMetadataValue Int32Array(int[] values) => new(GgufValueType.Array, values, GgufValueType.Int32);
}
