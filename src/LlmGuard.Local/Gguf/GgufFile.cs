namespace LlmGuard.Local.Gguf;

/// <summary>A parsed GGUF file: header version, metadata, tensors with their bytes, and the SHA-256 of the whole file.</summary>
internal sealed class GgufFile
{
    public GgufFile(uint version, IReadOnlyList<KeyValuePair<string, GgufMetadataValue>> metadata, IReadOnlyList<GgufTensor> tensors, string sha256Hex)
    {
        Version = version;
        MetadataInFileOrder = metadata;
        Metadata = metadata.ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
        Tensors = tensors;
        TensorsByName = tensors.ToDictionary(tensor => tensor.Info.Name, StringComparer.Ordinal);
        Sha256Hex = sha256Hex;
    }

    public uint Version { get; }

    public IReadOnlyList<KeyValuePair<string, GgufMetadataValue>> MetadataInFileOrder { get; }

    public IReadOnlyDictionary<string, GgufMetadataValue> Metadata { get; }

    public IReadOnlyList<GgufTensor> Tensors { get; }

    public IReadOnlyDictionary<string, GgufTensor> TensorsByName { get; }

    /// <summary>Lower-case hex SHA-256 of every byte of the file, computed while it was read.</summary>
    public string Sha256Hex { get; }

    public string? GetString(string key) =>
        Metadata.TryGetValue(key, out var value) && value.Value is string text ? text : null;

    public long? GetInteger(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.Value switch
        {
            byte v => v,
            sbyte v => v,
            ushort v => v,
            short v => v,
            uint v => v,
            int v => v,
            ulong v => checked((long)v),
            long v => v,
            bool v => v ? 1 : 0,
            _ => null,
        } : null;

    public double? GetFloat(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.Value switch
        {
            float v => v,
            double v => v,
            _ => null,
        } : null;

    public bool? GetBool(string key) =>
        Metadata.TryGetValue(key, out var value) && value.Value is bool flag ? flag : null;

    public string[]? GetStringArray(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.Value as string[] : null;

    public float[]? GetFloatArray(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.Value switch
        {
            float[] v => v,
            double[] v => Array.ConvertAll(v, item => (float)item),
            _ => null,
        } : null;

    public int[]? GetIntArray(string key) =>
        Metadata.TryGetValue(key, out var value) ? value.Value switch
        {
            int[] v => v,
            uint[] v => Array.ConvertAll(v, item => checked((int)item)),
            sbyte[] v => Array.ConvertAll(v, item => (int)item),
            byte[] v => Array.ConvertAll(v, item => (int)item),
            short[] v => Array.ConvertAll(v, item => (int)item),
            ushort[] v => Array.ConvertAll(v, item => (int)item),
            long[] v => Array.ConvertAll(v, item => checked((int)item)),
            _ => null,
        } : null;
}
