using System.Globalization;
using LlmGuard.Execution;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.NUnit;

/// <summary>
/// How one classified result is presented as an NUnit test. The classification is the engine's, exactly as the CLI
/// gets it; only the presentation is per test: unchanged and equivalent pass; new, request-changed,
/// assertion-failed and provider-error fail; changed fails, unless the suite's gate allows a share of changed cases
/// and the case has no critical tag, in which case it is a warning and the suite's <c>(gate)</c> test fails when the
/// share is exceeded. A model identity change that the gate counts fails the case. In update mode new, changed and
/// request-changed cases were just recorded, so they pass.
/// </summary>
/// <param name="Status">Pass, warn, fail or ignore.</param>
/// <param name="Message">What to show; for a failure or warning the same text the CLI shows.</param>
/// <param name="Result">The case's result, when a case ran.</param>
internal sealed record CaseTestVerdict(CaseTestStatus Status, string? Message, CaseResult? Result = null)
{
    public static CaseTestVerdict Of(CaseResult result, Suite suite, RunMode mode)
    {
        var details = CaseReport.Details(result).TrimEnd('\n');
        var failsOnIdentity = mode != RunMode.Update && result.IdentityChanges.Any(change => change.Gating);
        switch (result.Outcome)
        {
            case CaseOutcome.Unchanged or CaseOutcome.Equivalent when failsOnIdentity:
                return new CaseTestVerdict(CaseTestStatus.Failed, details + "\nThe model's identity changed and the suite's gate fails on an identity change.", result);
            case CaseOutcome.Unchanged:
                return new CaseTestVerdict(CaseTestStatus.Passed, null, result);
            case CaseOutcome.Equivalent:
                return new CaseTestVerdict(CaseTestStatus.Passed, result.Summary, result);
            case CaseOutcome.New or CaseOutcome.Changed or CaseOutcome.RequestChanged when mode == RunMode.Update:
                return new CaseTestVerdict(CaseTestStatus.Passed, $"recorded ({result.Outcome.ToName()}): {result.VerifiedPath}", result);
            case CaseOutcome.Changed when !failsOnIdentity && suite.Gate.MaxChangedShare > 0 && !result.Tags.Any(suite.Gate.CriticalTags.Contains):
                var share = (suite.Gate.MaxChangedShare * 100).ToString("0.#", CultureInfo.InvariantCulture);
                return new CaseTestVerdict(CaseTestStatus.Warning,
                    details + $"\nThe gate of suite '{suite.Id}' allows up to {share}% changed cases; its test '{CatalogEntry.GateName(suite.Id)}' fails when more change.",
                    result);
            default:
                return new CaseTestVerdict(CaseTestStatus.Failed, details, result);
        }
    }
}
