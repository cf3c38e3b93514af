
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

    /// <summary>The tools the answer called (or the replayed answer), in order; empty for a text-only answer.</summary>
    public IReadOnlyList<Suites.ToolCall> ToolCalls { get; init; } = [];

    /// <summary>The tokens of this run's request and answer; null when there was no answer.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The estimated cost of this run's call in US dollars; null when the model's price is not known.</summary>
    public double? EstimatedCost { get; init; }

    /// <summary>The baseline's figures (from the verified snapshot), to compare tokens and cost with; null without a snapshot.</summary>
    public BaselineFigures? Baseline { get; init; }

    /// <summary>The likelihood of the baseline answer under the baseline and the candidate model; null when not measured.</summary>
    public LikelihoodDrift? Likelihood { get; init; }

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

    /// <summary>How long the model took to answer (the case's latency; not part of any snapshot).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The display name <c>suite/case</c>.</summary>
    public string Name => $"{Suite}/{Case}";
}
