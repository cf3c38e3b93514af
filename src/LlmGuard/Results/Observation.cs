
namespace LlmGuard.Results;

/// <summary>What a provider returned for one case: an output with the identity of the model that produced it, or a failure.</summary>
internal sealed record Observation
{
    /// <summary>The output text, line endings normalized to LF; null on failure.</summary>
    public string? Output { get; init; }

    /// <summary>The identity of the model that answered, as far as the provider reports it.</summary>
    public ModelIdentity Identity { get; init; } = ModelIdentity.Unknown;

    /// <summary>The tools the model called, in order.</summary>
    public IReadOnlyList<Suites.ToolCall> ToolCalls { get; init; } = [];

    /// <summary>The tokens of the request and answer, as the provider reported them or as counted.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The likelihood of the baseline answer under the baseline and this model, when measured.</summary>
    public LikelihoodDrift? Likelihood { get; init; }

    /// <summary>Why the model stopped (<c>stop</c>, <c>length</c>, ...), when reported.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The failure, when there is no output.</summary>
    public ProviderFailure? Failure { get; init; }

    /// <summary>The seed the engine chose for this call (a repeat of a target without <c>seed</c>); null when it sent the target's own.</summary>
    public long? Seed { get; init; }

    /// <summary>How many unpaired UTF-16 surrogates in the answer's text were replaced by U+FFFD (so it can be written as UTF-8).</summary>
    public int ReplacedSurrogates { get; init; }

    /// <summary>How long the call took. Never written into snapshots.</summary>
    public TimeSpan Duration { get; init; }
}
