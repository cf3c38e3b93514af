
namespace LlmGuard.Results;

/// <summary>The classified result of one case.</summary>
public sealed record CaseResult
{
    /// <summary>The suite id.</summary>
    public required string Suite { get; init; }

    /// <summary>The case id.</summary>
    public required string Case { get; init; }

    /// <summary>The case's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The class of the result.</summary>
    public required CaseOutcome Outcome { get; init; }

    /// <summary>One line saying what happened, e.g. "output differs from the verified snapshot".</summary>
    public required string Summary { get; init; }

    /// <summary>The output of this run (or the replayed one); null when there was none.</summary>
    public string? Output { get; init; }

    /// <summary>The verified output this run was compared with (the baseline); null when there was none.</summary>
    public string? BaselineOutput { get; init; }

    /// <summary>The assertions that failed.</summary>
    public IReadOnlyList<AssertionFailure> AssertionFailures { get; init; } = [];

    /// <summary>A bounded unified diff between the verified and the new output, when they differ.</summary>
    public string? Diff { get; init; }

    /// <summary>The verified snapshot file (whether or not it exists).</summary>
    public string? VerifiedPath { get; init; }

    /// <summary>The received file written by this run, if any.</summary>
    public string? ReceivedPath { get; init; }

    /// <summary>The provider failure of a <see cref="CaseOutcome.ProviderError"/>.</summary>
    public ProviderFailure? Failure { get; init; }

    /// <summary>The identity of the model that answered.</summary>
    public ModelIdentity Identity { get; init; } = ModelIdentity.Unknown;

    /// <summary>Identity changes against the verified snapshot, e.g. "resolved model: a → b"; reported even when the output matched.</summary>
    public IReadOnlyList<IdentityChange> IdentityChanges { get; init; } = [];

    /// <summary>The request fingerprint of this run.</summary>
    public required string RequestFingerprint { get; init; }

    /// <summary>How long the case took (not part of any snapshot).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The tokens the provider reported for the call; null when it reported none (or no model was called).</summary>
    public TokenUsage? Tokens { get; init; }

    /// <summary>The display name <c>suite/case</c>.</summary>
    public string Name => $"{Suite}/{Case}";
}
