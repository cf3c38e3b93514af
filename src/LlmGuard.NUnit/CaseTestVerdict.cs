using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.NUnit;

/// <summary>
/// How one classified result is presented as an NUnit test. The classification and the gate's assessment of the
/// case are the engine's (<see cref="GatePolicy"/>), exactly as the CLI gets them; only the presentation is per
/// test: a passing case passes (an equivalent, judged-equivalent, unstable or intended change with the CLI's explanation in
/// its output), a failing one fails with the same text the CLI shows, and a change (or a provider error) the suite's gate
/// may allow is a warning, with the suite's <c>(gate)</c> test failing when more cases changed than it allows.
/// </summary>
/// <param name="Status">Pass, warn, fail or ignore.</param>
/// <param name="Message">What to show; for a failure or warning the same text the CLI shows.</param>
/// <param name="Result">The case's result, when a case ran.</param>
internal sealed record CaseTestVerdict(CaseTestStatus Status, string? Message, CaseResult? Result = null)
{
    /// <summary>Report files to attach to the test: the run's HTML reports, on the test of the case that completed the run.</summary>
    public IReadOnlyList<string> Reports { get; init; } = [];

    public static CaseTestVerdict Of(CaseResult result, Suite suite, RunMode mode)
    {
        var policy = new GatePolicy(suite.Gate, mode);
        var assessment = policy.Assess(result);
        var details = CaseReport.Details(result).TrimEnd('\n');
        return assessment.Decision switch
        {
            CaseGateDecision.Pass when assessment.Recorded =>
                new CaseTestVerdict(CaseTestStatus.Passed, $"recorded ({result.Outcome.ToName()}): {result.VerifiedPath}", result),
            CaseGateDecision.Pass =>
                new CaseTestVerdict(CaseTestStatus.Passed, result.Outcome switch
                {
                    CaseOutcome.Unchanged => null,
                    CaseOutcome.Equivalent => OutsideText.Escape(result.Summary),
                    _ => details,
                }, result),
            CaseGateDecision.Warn when assessment.CountsAsProviderError => new CaseTestVerdict(CaseTestStatus.Warning,
                details + $"\nThe gate of suite '{suite.Id}' allows up to {suite.Gate.MaxProviderErrors} provider error(s); its test '{CatalogEntry.GateName(suite.Id)}' fails when more cases fail so.",
                result),
            CaseGateDecision.Warn => new CaseTestVerdict(CaseTestStatus.Warning,
                details + $"\nThe gate of suite '{suite.Id}' allows up to {AllowedShare(policy, assessment)} changed cases; its test '{CatalogEntry.GateName(suite.Id)}' fails when more change.",
                result),
            _ when result.Outcome.IsPassing() && assessment.GatingIdentityChanges.Count > 0 =>
                new CaseTestVerdict(CaseTestStatus.Failed, details + "\nThe model's identity changed and the suite's gate fails on an identity change.", result),
            _ => new CaseTestVerdict(CaseTestStatus.Failed, details, result),
        };
    }

    /// <summary>The share a warned change is held to: its tags' own shares, else the suite's.</summary>
    private static string AllowedShare(GatePolicy policy, CaseGateAssessment assessment) =>
        assessment.ShareTags is { Count: > 0 } tags
            ? string.Join(", ", tags.Select(tag => $"{GatePolicy.Percent(policy.Definition.MaxChangedShareByTag[tag])} of the cases tagged '{tag}'"))
            : policy.MaxChangedSharePercent;
}
