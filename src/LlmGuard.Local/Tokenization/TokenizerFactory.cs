using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Tokenization;

/// <summary>Picks the tokenizer a GGUF file's <c>tokenizer.ggml.model</c> names.</summary>
internal static class TokenizerFactory
{
    public static ITokenizer FromGguf(GgufFile file) => file.GetString("tokenizer.ggml.model") switch
    {
        "llama" => LlamaTokenizer.FromGguf(file),
        "gpt2" => ByteLevelBpeTokenizer.FromGguf(file),
        var other => throw new NotSupportedException(
            $"Tokenizer model '{other ?? "(none)"}' is not supported; this runtime reads 'llama' (SentencePiece) and 'gpt2' (byte-level BPE with the Llama 3 pre-tokenizer) vocabularies."),
    };
}
