namespace LlmGuard.Suites;

/// <summary>The model a suite runs against and every parameter sent to it.</summary>
public sealed record TargetDefinition
{
    /// <summary>The provider name, looked up in the provider registry (e.g. <c>openai</c>, <c>ollama</c>, <c>local</c>).</summary>
    public required string Provider { get; init; }

    /// <summary>The requested model name, pinned to an exact version where the provider has versions.</summary>
    public required string Model { get; init; }

    /// <summary>The endpoint or host; the provider's default when absent.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The name of the environment variable holding the API key; the provider's default when absent.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>The OpenAI organization id, sent as a header (optional).</summary>
    public string? Organization { get; init; }

    /// <summary>The OpenAI project id, sent as a header (optional).</summary>
    public string? Project { get; init; }

    /// <summary>The Azure OpenAI deployment name; the model name when absent.</summary>
    public string? Deployment { get; init; }

    /// <summary>The sampling temperature; <c>null</c> when the suite says <c>temperature: default</c> (not sent).</summary>
    public double? Temperature { get; init; } = 0;

    /// <summary>The sampling seed.</summary>
    public long? Seed { get; init; }

    /// <summary>The maximum number of output tokens.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Nucleus sampling probability mass.</summary>
    public double? TopP { get; init; }

    /// <summary>Top-k sampling, where the provider supports it.</summary>
    public int? TopK { get; init; }

    /// <summary>Stop sequences.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>A system prompt put before every case's messages.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Provider-specific options passed through unchanged (e.g. Ollama's <c>num_ctx</c>), sorted by key.
    /// Values are strings, booleans, <see cref="long"/>, <see cref="double"/>, lists or nested dictionaries.</summary>
    public IReadOnlyDictionary<string, object?> Options { get; init; } = new SortedDictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Whether and which declared tool the model must call (<c>tool_choice</c>); null when not set (the provider's default, auto).</summary>
    public ToolChoice? ToolChoice { get; init; }

    /// <summary>The answer format asked for (<c>response_format</c>); null when not set (plain text).</summary>
    public ResponseFormatDefinition? ResponseFormat { get; init; }

    /// <summary>A model digest the server's model must match before any case runs.</summary>
    public string? PinnedDigest { get; init; }

    /// <summary>A resolved model id the server must report before any case runs.</summary>
    public string? PinnedResolvedModel { get; init; }

    /// <summary>The longest a single call may take before it is a provider error.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How many cases of this target may run at once; the run's setting when absent.</summary>
    public int? Concurrency { get; init; }

    /// <summary>The most requests per minute sent to this target, retries included; unlimited when absent. Not part of the request fingerprint.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Where the target block was declared.</summary>
    public SourceLocation Location { get; init; }
}
