using LlmGuard.Gating;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>Converts between the engine's <see cref="CaseResult"/> and a report's <see cref="ReportCase"/>.</summary>
internal static class ReportCases
{
    /// <summary>The report record of a result.</summary>
    public static ReportCase From(CaseResult result, int position, CaseGateDecision decision) => new()
    {
        Suite = result.Suite,
        Case = result.Case,
        Position = position,
        Tags = result.Tags,
        Outcome = result.Outcome.ToName(),
        Gate = GateName(decision),
        Summary = result.Summary,
        Output = result.Output,
        Baseline = result.BaselineOutput,
        Diff = result.Diff,
        AssertionFailures = [.. result.AssertionFailures.Select(failure => new ReportAssertionFailure(failure.Assertion.Name, failure.Message))],
        Failure = result.Failure is { } failure ? new ReportFailure(failure.Kind, failure.Message, failure.StatusCode) : null,
        Identity = result.Identity == ModelIdentity.Unknown || IsEmpty(result.Identity)
            ? null
            : new ReportIdentity(result.Identity.ResolvedModelId, result.Identity.Digest, result.Identity.SystemFingerprint, result.Identity.Details.Count > 0 ? result.Identity.Details : null),
        IdentityChanges = [.. result.IdentityChanges.Select(change => new ReportIdentityChange(change.Field, change.Recorded, change.Current, change.Gating))],
        RequestFingerprint = result.RequestFingerprint,
        DurationMs = Math.Round(result.Duration.TotalMilliseconds, 1),
        Tokens = result.Usage is { } usage ? new ReportTokens(usage.InputTokens, usage.OutputTokens, usage.InputTokens + usage.OutputTokens, usage.Estimated) : null,
        Verified = result.VerifiedPath,
        Received = result.ReceivedPath,
    };

    /// <summary>
    /// The part of a result the gate reads (outcome, tags, identity changes), rebuilt from a report so that merged
    /// shards are gated by the same code as a run.
    /// </summary>
    /// <exception cref="InvalidDataException">The outcome is not one this build knows.</exception>
    public static CaseResult ToGateInput(ReportCase reportCase) => new()
    {
        Suite = reportCase.Suite,
        Case = reportCase.Case,
        Tags = reportCase.Tags,
        Outcome = ParseOutcome(reportCase.Outcome) ?? throw new InvalidDataException(
            $"case '{reportCase.Name}' has the outcome '{reportCase.Outcome}', which this version of LlmGuard does not know (known: {string.Join(", ", OutcomeNames)}): render it with the version that wrote it."),
        Summary = reportCase.Summary,
        IdentityChanges = [.. reportCase.IdentityChanges.Select(change => new IdentityChange(change.Field, change.Recorded, change.Current, change.Gating))],
        RequestFingerprint = reportCase.RequestFingerprint,
    };

    /// <summary>Every outcome's name, in declaration order.</summary>
    public static IReadOnlyList<string> OutcomeNames { get; } = [.. Enum.GetValues<CaseOutcome>().Select(outcome => outcome.ToName())];

    /// <summary>The outcome with this name, or null.</summary>
    public static CaseOutcome? ParseOutcome(string name) =>
        Enum.GetValues<CaseOutcome>().Cast<CaseOutcome?>().FirstOrDefault(outcome => outcome!.Value.ToName() == name);

    /// <summary><c>pass</c>, <c>warn</c> or <c>fail</c>.</summary>
    public static string GateName(CaseGateDecision decision) => decision.ToString().ToLowerInvariant();

    private static bool IsEmpty(ModelIdentity identity) =>
        identity.ResolvedModelId is null && identity.Digest is null && identity.SystemFingerprint is null && identity.Details.Count == 0;
}
