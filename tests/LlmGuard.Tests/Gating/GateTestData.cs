using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Gating;

/// <summary>Suites and results built in code for the gate's tests.</summary>
internal static class GateTestData
{
    public static Suite Suite(string id, GateDefinition? gate = null) => new()
    {
        Id = id,
        Target = new TargetDefinition { Provider = "scripted", Model = "fixture-1" },
        Gate = gate ?? GateDefinition.Default,
        Cases = [],
        FilePath = $"/suites/{id}.yaml",
    };

    public static CaseResult Result(string suite, string caseId, CaseOutcome outcome, params string[] tags) => new()
    {
        Suite = suite,
        Case = caseId,
        Tags = tags,
        Outcome = outcome,
        Summary = outcome.ToName(),
        RequestFingerprint = "sha256:0",
    };

    public static IdentityChange ResolvedModelChange { get; } = new("resolved_model", "m-1", "m-2", Gating: true);

    public static IdentityChange FingerprintChange { get; } = new("system_fingerprint", "fp-1", "fp-2", Gating: false);
}
