namespace LlmGuard.Results;

/// <summary>
/// A case's pass rate on both sides of a comparison, for the paired statistics: on the baseline, the share of its runs
/// that pass the assertions (and agree with the baseline's modal output); on the candidate, the share that pass the
/// assertions and are equivalent to the baseline (assertions only, for an intended change). Without repeats each is 0 or 1.
/// </summary>
/// <param name="Baseline">The baseline's pass rate, 0 to 1.</param>
/// <param name="Candidate">The candidate's pass rate, 0 to 1.</param>
public sealed record PassRates(double Baseline, double Candidate)
{
    /// <summary>Whether the case passes on the baseline: at least half of its runs pass.</summary>
    public bool BaselinePasses => Baseline >= 0.5;

    /// <summary>Whether the case passes on the candidate: at least half of its runs pass.</summary>
    public bool CandidatePasses => Candidate >= 0.5;

    /// <summary>A pass → fail transition.</summary>
    public bool IsRegression => BaselinePasses && !CandidatePasses;

    /// <summary>A fail → pass transition.</summary>
    public bool IsImprovement => !BaselinePasses && CandidatePasses;
}
