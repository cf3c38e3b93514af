namespace LlmGuard.Results;

/// <summary>
/// A case's pass rate on both sides of a comparison, for the paired statistics. A case with assertions passes a run by its
/// assertions, on either side; a case without passes every baseline run, and a candidate run when its output is equivalent
/// to the baseline (or, for an intended change, always). Without repeats each rate is 0 or 1.
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
