using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Inference;

/// <summary>The hyperparameters of a LLaMA-architecture model, read from the GGUF metadata.</summary>
internal sealed record LlamaConfig
{
    public required int EmbeddingLength { get; init; }

    public required int BlockCount { get; init; }

    public required int FeedForwardLength { get; init; }

    public required int HeadCount { get; init; }

    public required int KeyValueHeadCount { get; init; }

    public required int ContextLength { get; init; }

    public required int RopeDimensionCount { get; init; }

    public required double RopeFrequencyBase { get; init; }

    public required float RmsNormEpsilon { get; init; }

    public int HeadDimension => EmbeddingLength / HeadCount;

    public int KeyValueDimension => HeadDimension * KeyValueHeadCount;

    public static LlamaConfig FromGguf(GgufFile file)
    {
        var architecture = file.GetString("general.architecture") ?? throw new InvalidDataException("The GGUF file has no general.architecture.");
        if (architecture != "llama")
        {
            throw new NotSupportedException($"Architecture '{architecture}' is not supported; this runtime runs 'llama' models.");
        }

        int Required(string key) => checked((int)(file.GetInteger($"llama.{key}") ?? throw new InvalidDataException($"The GGUF file has no llama.{key}.")));

        var embedding = Required("embedding_length");
        var heads = Required("attention.head_count");
        if (embedding % heads != 0)
        {
            throw new InvalidDataException($"Embedding length {embedding} is not divisible by {heads} heads.");
        }

        var keyValueHeads = (int?)file.GetInteger("llama.attention.head_count_kv") ?? heads;
        if (heads % keyValueHeads != 0)
        {
            throw new InvalidDataException($"{heads} attention heads cannot be grouped over {keyValueHeads} key/value heads.");
        }

        var ropeDimensions = (int?)file.GetInteger("llama.rope.dimension_count") ?? (embedding / heads);
        if (ropeDimensions % 2 != 0 || ropeDimensions > embedding / heads)
        {
            throw new InvalidDataException($"Rope dimension count {ropeDimensions} does not fit head dimension {embedding / heads}.");
        }

        return new LlamaConfig
        {
            EmbeddingLength = embedding,
            BlockCount = Required("block_count"),
            FeedForwardLength = Required("feed_forward_length"),
            HeadCount = heads,
            KeyValueHeadCount = keyValueHeads,
            ContextLength = (int?)file.GetInteger("llama.context_length") ?? 2048,
            RopeDimensionCount = ropeDimensions,
            RopeFrequencyBase = file.GetFloat("llama.rope.freq_base") ?? 10000.0,
            RmsNormEpsilon = (float)(file.GetFloat("llama.attention.layer_norm_rms_epsilon") ?? 1e-5),
        };
    }
}
