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

    /// <summary>A repeated candidate case that the extract step found equivalent, with every drift field set.</summary>
    public static CaseResult JudgedEquivalent { get; } = new()
    {
        Suite = "math",
        Case = "sum",
        Provider = "openai",
        Model = "gpt-4.1-2025-04-14",
        Tags = ["math"],
        Outcome = CaseOutcome.JudgedEquivalent,
        Summary = "output differs from the verified snapshot but is equivalent by extract: final-number: '42' in both",
        Output = "The total is 42.",
        BaselineOutput = "Adding them gives 42.",
        Identity = new ModelIdentity { ResolvedModelId = "gpt-4.1-2025-04-14" },
        IdentityChanges = [new IdentityChange("model", "openai/gpt-4o-2024-08-06", "openai/gpt-4.1-2025-04-14", Gating: false) { Expected = true }],
        Ladder =
        [
            new LadderFinding(LadderStep.Exact, LadderVerdict.Undecided, "first difference at line 1"),
            new LadderFinding(LadderStep.Extract, LadderVerdict.Equivalent, "final-number: '42' in both"),
        ],
        DecidingStep = new LadderFinding(LadderStep.Extract, LadderVerdict.Equivalent, "final-number: '42' in both"),
        Repeats =
        [
            new RepeatRun(1, CaseOutcome.JudgedEquivalent) { Output = "The total is 42.", Duration = TimeSpan.FromMilliseconds(5) },
            new RepeatRun(2, CaseOutcome.JudgedEquivalent) { Output = "The total is 42.", Seed = 77, Duration = TimeSpan.FromMilliseconds(6) },
        ],
        Stability = new Stability(2, 1, 1) { Tara = 1, DistinctAnswers = 1 },
        Agreement = 1,
        PassRates = new PassRates(1, 1),
        RequestFingerprint = "sha256:req4",
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
