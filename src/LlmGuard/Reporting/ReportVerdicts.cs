using LlmGuard.Gating;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>The engine's verdict described by a report, so a saved or merged run is summed up as a live run is.</summary>
internal static class ReportVerdicts
{
    /// <summary>The verdict of a report.</summary>
    /// <exception cref="InvalidDataException">An outcome is unknown to this build.</exception>
    public static RunVerdict ToRunVerdict(RunReport report) => new(
        [.. report.Suites.Select(suite => new SuiteVerdict(
            suite.Id,
            suite.Counts.ToDictionary(
                pair => ReportCases.ParseOutcome(pair.Key) ?? throw new InvalidDataException($"suite '{suite.Id}' counts the outcome '{pair.Key}', which this version of LlmGuard does not know."),
                pair => pair.Value),
            suite.Gate.Passed,
            suite.Gate.Reasons,
            suite.Gate.ProviderErrorsOnly,
            [.. suite.IdentityChanges.Select(change => new IdentityChange(change.Field, change.Recorded, change.Current, change.Gating))]))],
        report.Verdict.Interrupted,
        report.Orphans);
}
