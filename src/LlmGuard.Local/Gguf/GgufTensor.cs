namespace LlmGuard.Local.Gguf;

/// <summary>A tensor's descriptor together with its raw bytes as stored in the file.</summary>
internal sealed record GgufTensor(GgufTensorInfo Info, byte[] Data);
