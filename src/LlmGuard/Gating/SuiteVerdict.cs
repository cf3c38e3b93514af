using LlmGuard.Results;

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
}
