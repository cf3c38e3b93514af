namespace LlmGuard.Suites;

/// <summary>The policy that decides whether a run of a suite passes.</summary>
public sealed record GateDefinition
{
    /// <summary>The largest share (0 to 1) of the suite's cases that may be <c>changed</c> without failing the run.</summary>
    public double MaxChangedShare { get; init; }

    /// <summary>Cases with any of these tags may never change, whatever the share.</summary>
    public IReadOnlyList<string> CriticalTags { get; init; } = [];

    /// <summary>Whether a floating model name is a warning or an error.</summary>
    public FloatingModelPolicy FloatingModel { get; init; } = FloatingModelPolicy.Warn;

    /// <summary>Whether a changed resolved model id or digest fails the run (it does by default).</summary>
    public bool FailOnIdentityChange { get; init; } = true;

    /// <summary>
    /// The largest increase of the suite's output tokens over the baseline, as a share (0.3 = +30%): verbosity drift.
    /// Null: not gated.
    /// </summary>
    public double? MaxOutputTokensIncrease { get; init; }

    /// <summary>The largest increase of the suite's estimated cost over the baseline, as a share. Null: not gated.</summary>
    public double? MaxCostIncrease { get; init; }

    /// <summary>The longest the 95th percentile of the suite's case latencies may be. Null: not gated.</summary>
    public TimeSpan? MaxLatencyP95 { get; init; }

    /// <summary>
    /// The largest change, in nats per token, of the mean log-probability of a case's baseline answer between the baseline
    /// and the candidate model, for cases whose answer did not change. Null: not gated.
    /// </summary>
    public double? MaxLikelihoodShift { get; init; }

    /// <summary>The default policy: nothing may change.</summary>
    public static GateDefinition Default { get; } = new();
}
