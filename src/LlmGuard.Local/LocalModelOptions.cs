namespace LlmGuard.Local;

/// <summary>How <see cref="LocalChatClient"/> loads and runs a GGUF model.</summary>
public sealed record LocalModelOptions
{
    /// <summary>Path of the GGUF file (LLaMA architecture, GGUF version 2 or 3).</summary>
    public required string ModelPath { get; init; }

    /// <summary>
    /// Path of a LoRA adapter for the model, in llama.cpp's GGUF adapter format (<c>general.type = adapter</c>,
    /// <c>adapter.type = lora</c>); null for none. It is applied as llama.cpp applies it (the base file is not changed),
    /// and its SHA-256 becomes part of the model's identity.
    /// </summary>
    public string? AdapterPath { get; init; }

    /// <summary>The adapter's scale (llama.cpp's <c>--lora-scaled</c>): the update is scale × alpha / rank × B·A. Default 1.</summary>
    public float AdapterScale { get; init; } = 1f;

    /// <summary>
    /// Degree of parallelism for matrix products and attention; null means <see cref="Environment.ProcessorCount"/>.
    /// Results are bit-identical for every value; only speed changes.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Maximum tokens (prompt plus reply) per request; null means the model's own context length.</summary>
    public int? ContextLength { get; init; }

    /// <summary>
    /// When true, every request is a raw completion: the messages' text is fed unchanged (no chat template, no implicit
    /// stop, leading whitespace kept). A single request can ask for the same with
    /// <c>ChatOptions.AdditionalProperties["raw"] = true</c>.
    /// </summary>
    public bool RawCompletion { get; init; }

    /// <summary>Reply token limit when the request sets no <c>MaxOutputTokens</c>.</summary>
    public int DefaultMaxOutputTokens { get; init; } = 256;

    /// <summary>Temperature when the request sets none; 0 means greedy decoding.</summary>
    public float DefaultTemperature { get; init; }

    /// <summary>Seed of the sampling generator when the request sets no <c>Seed</c>.</summary>
    public long DefaultSeed { get; init; }

    /// <summary>
    /// The model id reported in responses and identity; null means the GGUF's <c>general.name</c>, else the file name
    /// (with an adapter: <c>{model}+{adapter}</c>, each named the same way).
    /// </summary>
    public string? ModelId { get; init; }
}
