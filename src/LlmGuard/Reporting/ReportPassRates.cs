namespace LlmGuard.Reporting;

/// <summary>A case's pass rate (0 to 1) on the baseline and on the candidate, for the paired statistics.</summary>
/// <param name="Baseline">The baseline's pass rate.</param>
/// <param name="Candidate">The candidate's pass rate.</param>
internal sealed record ReportPassRates(double Baseline, double Candidate);
