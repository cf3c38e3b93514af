namespace LlmGuard.Suites;

/// <summary>The policy that decides whether a run of a suite passes. Every rule is listed in the verdict with its figure.</summary>
public sealed record GateDefinition
{
    /// <summary>The largest share (0 to 1) of the suite's cases that may be <c>changed</c> without failing the run (cases whose tags have their own share excepted).</summary>
    public double MaxChangedShare { get; init; }

    /// <summary>A share per tag (0 to 1): the cases with the tag are held to it instead of <see cref="MaxChangedShare"/>.</summary>
    public IReadOnlyDictionary<string, double> MaxChangedShareByTag { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Cases with any of these tags may never change, whatever the share.</summary>
    public IReadOnlyList<string> CriticalTags { get; init; } = [];

    /// <summary>Cases with any of these tags are meant to change: a change is reported as intended and does not count against the gate.</summary>
    public IReadOnlyList<string> IntendedTags { get; init; } = [];

    /// <summary>When true, no case may go from passing on the baseline to failing on the candidate.</summary>
    public bool NoRegressions { get; init; }

    /// <summary>The lowest share (0 to 1) of all runs (cases × repeats) whose output agrees with the baseline; null for no such rule.</summary>
    public double? MinAgreement { get; init; }

    /// <summary>How many cases may end in a provider error (the model's, the judge's or the embedding model's) before the run fails; 0 by default: fail closed.</summary>
    public int MaxProviderErrors { get; init; }

    /// <summary>The significance level of the paired test of baseline against candidate; null for no statistical rule.</summary>
    public double? Significance { get; init; }

    /// <summary>What the statistical rule does when the cases cannot reach <see cref="Significance"/>.</summary>
    public UnderpoweredPolicy Underpowered { get; init; } = UnderpoweredPolicy.Warn;

    /// <summary>Whether a floating model name is a warning or an error.</summary>
    public FloatingModelPolicy FloatingModel { get; init; } = FloatingModelPolicy.Warn;

    /// <summary>Whether a changed resolved model id or digest fails the run (it does by default) when the requested model is unchanged.</summary>
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
