using LlmGuard.Results;
using LlmGuard.Statistics;

namespace LlmGuard.Gating;

/// <summary>The gate's decision for one suite.</summary>
/// <param name="Suite">The suite id.</param>
/// <param name="Counts">How many cases had each outcome.</param>
/// <param name="Passed">Whether the suite passes its gate.</param>
/// <param name="Reasons">Why it failed (empty when it passed).</param>
/// <param name="ProviderErrorsOnly">True when it failed only because of provider errors.</param>
/// <param name="IdentityChanges">Distinct identity changes seen in the suite (reported even when it passed).</param>
public sealed record SuiteVerdict(
    string Suite,
    IReadOnlyDictionary<CaseOutcome, int> Counts,
    bool Passed,
    IReadOnlyList<string> Reasons,
    bool ProviderErrorsOnly,
    IReadOnlyList<IdentityChange> IdentityChanges)
{
    /// <summary>The suite's tokens, cost, latency and likelihood, beside the baseline's; null when no case got an answer.</summary>
    public SuiteFigures? Figures { get; init; }

    /// <summary>The number of cases with results.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>Every rule of the gate with its figure, its limit and whether it held, in a fixed order.</summary>
    public IReadOnlyList<GateRuleResult> Rules { get; init; } = [];

    /// <summary>
    /// The paired comparison of baseline and candidate over the cases that have both, in a candidate run (another model than
    /// the snapshots'), a comparison, a run with repeats, or for a suite that sets <c>significance</c>; null otherwise, or when no
    /// case has both.
    /// </summary>
    public PairedComparison? Statistics { get; init; }

    /// <summary>The change of the requested model (<c>model: provider/a → provider/b</c>) when the run compared another model with the baseline; null otherwise.</summary>
    public IdentityChange? ModelChange { get; init; }

    /// <summary>For a changed requested model: true when every case's answer came from the same weights (equal digests), false when any differ, null when unknown.</summary>
    public bool? SameWeights { get; init; }

    /// <summary>The cases whose change counts against the gate (changed), as case ids in run order.</summary>
    public IReadOnlyList<string> ChangedCases { get; init; } = [];

    /// <summary>The cases that changed as intended (<c>expect_change</c> or <c>intended_tags</c>), not gated.</summary>
    public IReadOnlyList<string> IntendedChanges { get; init; } = [];

    /// <summary>How many cases' outputs differ from the baseline's text at all (what exact comparison alone would flag).</summary>
    public int DifferingOutputs { get; init; }

    /// <summary>How many of the differing outputs the ladder found equivalent (or within the accepted variants), by the name of the deciding step.</summary>
    public IReadOnlyDictionary<string, int> EquivalentByStep { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The share of all runs (cases × repeats) whose output agrees with the baseline, over the cases compared; null when none was.</summary>
    public double? Agreement { get; init; }
}
