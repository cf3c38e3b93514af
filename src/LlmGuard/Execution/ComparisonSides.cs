using LlmGuard.Planning;
using LlmGuard.Reporting;

namespace LlmGuard.Execution;

/// <summary>
/// The two sides of a compare run as resolved when it starts: each a live model or an earlier results file (read once). In
/// other modes there is no baseline side and the candidate is each suite's target.
/// </summary>
/// <param name="Baseline">The baseline side; null outside compare mode.</param>
/// <param name="BaselineResults">The baseline's results file, read; null for a live baseline.</param>
/// <param name="Candidate">The candidate side when it is a results file; null when the candidate is each suite's (possibly overridden) target.</param>
/// <param name="CandidateResults">The candidate's results file, read.</param>
internal sealed record ComparisonSides(ComparisonSide? Baseline, RecordedResults? BaselineResults, ComparisonSide? Candidate, RecordedResults? CandidateResults)
{
    public static ComparisonSides None { get; } = new(null, null, null, null);
}
