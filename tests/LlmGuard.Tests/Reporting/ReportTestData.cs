using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Reporting;

/// <summary>Results carrying every field the reports show.</summary>
internal static class ReportTestData
{
    public static CaseResult Changed { get; } = new()
    {
        Suite = "capitals",
        Case = "spain",
        Tags = ["geo", "smoke"],
        Outcome = CaseOutcome.Changed,
        Summary = "output differs from the verified snapshot",
        Output = "Madrid, of course.",
        Diff = "--- verified\n+++ received\n-Madrid.\n+Madrid, of course.\n",
        VerifiedPath = "/snapshots/capitals/spain.verified.txt",
        ReceivedPath = "/snapshots/capitals/spain.received.txt",
        Identity = new ModelIdentity { ResolvedModelId = "m-2", Digest = "sha256:d2", SystemFingerprint = "fp_2" },
        IdentityChanges = [new IdentityChange("resolved_model", "m-1", "m-2", Gating: true), new IdentityChange("system_fingerprint", "fp_1", null, Gating: false)],
        RequestFingerprint = "sha256:req",
        Duration = TimeSpan.FromMilliseconds(12.345),
    };

    public static CaseResult AssertionFailed { get; } = new()
    {
        Suite = "capitals",
        Case = "italy",
        Outcome = CaseOutcome.AssertionFailed,
        Summary = "1 assertion failed",
        AssertionFailures = [new AssertionFailure(new AssertionDefinition { Kind = AssertionKind.Contains, Text = "Rome" }, "contains 'Rome': not found in 'Milan.'")],
        VerifiedPath = "/snapshots/capitals/italy.verified.txt",
        RequestFingerprint = "sha256:req2",
    };

    public static CaseResult ProviderError { get; } = new()
    {
        Suite = "capitals",
        Case = "germany",
        Outcome = CaseOutcome.ProviderError,
        Summary = "the provider answered 503",
        Failure = new ProviderFailure("http", "Service Unavailable", 503),
        RequestFingerprint = "sha256:req3",
    };
}
