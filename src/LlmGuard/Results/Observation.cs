
namespace LlmGuard.Results;

/// <summary>What a provider returned for one case: an output with the identity of the model that produced it, or a failure.</summary>
internal sealed record Observation
{
    /// <summary>The output text, line endings normalized to LF; null on failure.</summary>
    public string? Output { get; init; }

    /// <summary>The identity of the model that answered, as far as the provider reports it.</summary>
    public ModelIdentity Identity { get; init; } = ModelIdentity.Unknown;

    /// <summary>Why the model stopped (<c>stop</c>, <c>length</c>, ...), when reported.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The failure, when there is no output.</summary>
    public ProviderFailure? Failure { get; init; }

    /// <summary>The tokens the provider reported, if any. Never written into snapshots.</summary>
    public TokenUsage? Tokens { get; init; }

    /// <summary>How long the call took. Never written into snapshots.</summary>
    public TimeSpan Duration { get; init; }
}
