using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Adapters;

/// <summary>
/// One adapted base matrix <see cref="Target"/>: <c>lora_a</c> (ggml ne = [n_in, r]) and <c>lora_b</c> (ne = [r, n_out]).
/// For <c>token_embd.weight</c> the layout is flipped: <c>lora_a</c> ne = [r, n_vocab], <c>lora_b</c> ne = [r, n_embd].
/// </summary>
internal sealed record LoraTensorPair(string Target, GgufTensor A, GgufTensor B)
{
    /// <summary>ne[0] of lora_b, which is what llama.cpp divides alpha by.</summary>
    public int Rank => checked((int)B.Info.Dimensions[0]);
}
