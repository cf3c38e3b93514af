
namespace LlmGuard.Results;

/// <summary>The classified result of one case.</summary>
public sealed record CaseResult
{
    /// <summary>The suite id.</summary>
    public required string Suite { get; init; }

    /// <summary>The case id.</summary>
    public required string Case { get; init; }

    /// <summary>The provider the case's request was sent to (the candidate's, in a comparison); null when none was called.</summary>
    public string? Provider { get; init; }

    /// <summary>The model the case's request asked for (the candidate's, in a comparison); null when none was called.</summary>
    public string? Model { get; init; }

    /// <summary>The case's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The class of the result.</summary>
    public required CaseOutcome Outcome { get; init; }

    /// <summary>One line saying what happened, e.g. "output differs from the verified snapshot".</summary>
    public required string Summary { get; init; }

    /// <summary>The output of this run (or the replayed one); null when there was none.</summary>
    public string? Output { get; init; }

    /// <summary>The baseline output the case was compared with (the verified snapshot, or the baseline side of a comparison); null when there was none.</summary>
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

    /// <summary>True when the case is meant to change (<c>expect_change</c>, or a tag in the gate's <c>intended_tags</c>).</summary>
    public bool Intended { get; init; }


    /// <summary>The steps of the equivalence ladder that ran for the case's output, in order; empty when nothing was compared.</summary>
    public IReadOnlyList<LadderFinding> Ladder { get; init; } = [];

    /// <summary>The step that decided the comparison (identical, equivalent by a step, or different), with its score; null when nothing was compared.</summary>
    public LadderFinding? DecidingStep { get; init; }

    /// <summary>Every run of a repeated case (<c>repeat: k</c> with k &gt; 1), in order; empty for a case run once.</summary>
    public IReadOnlyList<RepeatRun> Repeats { get; init; } = [];

    /// <summary>TARr@k / TARa@k of a repeated case; null for a case run once.</summary>
    public Stability? Stability { get; init; }

    /// <summary>The share (0 to 1) of the case's runs whose output agrees with the baseline; null when nothing was compared.</summary>
    public double? Agreement { get; init; }

    /// <summary>The case's pass rates on the baseline and the candidate, for the paired statistics; null when the case has no baseline to pair with or failed to run.</summary>
    public PassRates? PassRates { get; init; }

    /// <summary>
    /// When the requested model differs from the baseline's (a candidate run): true when both report the same weights digest,
    /// false when the digests differ, null when either reports none or the requested model is unchanged.
    /// </summary>
    public bool? SameWeights { get; init; }

    /// <summary>The request fingerprint of this run.</summary>
    public required string RequestFingerprint { get; init; }

    /// <summary>How long the model took to answer (the case's latency; not part of any snapshot).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The display name <c>suite/case</c>.</summary>
    public string Name => $"{Suite}/{Case}";
}
