using LlmGuard.Results;

namespace LlmGuard.Gating;

/// <summary>The gate's assessment of one case, with every reason that went into it.</summary>
/// <param name="Decision">Pass, warn (a change within the allowed share) or fail.</param>
/// <param name="FailsOnOutcome">
/// True when the outcome itself fails: a provider error, failing assertions, or (outside update mode) a new or
/// request-changed case.
/// </param>
/// <param name="CountsAsChange">True for a changed case the gate judges (outside update mode): it counts toward the suite's allowed share of changed cases.</param>
/// <param name="CriticalTag">The first of a changed case's tags that the gate names critical; such a case fails whatever the share.</param>
/// <param name="GatingIdentityChanges">The case's model identity changes that fail the gate (empty in update mode).</param>
/// <param name="Recorded">True when the case's new, changed or request-changed output was just recorded (update mode), which is why it passes.</param>
/// <param name="Regressed">True when the suite forbids regressions and the case went from passing on the baseline to failing on the candidate.</param>
/// <param name="ShareTags">The tags of a changed case whose own share (<c>max_changed_share_by_tag</c>) it is held to instead of the suite's; empty when the suite's share applies.</param>
/// <param name="CountsAsProviderError">True for a provider error the suite's error budget may allow.</param>
/// <param name="LikelihoodShift">The shift of a case whose answer held but whose likelihood moved beyond <c>max_likelihood_shift</c>; null otherwise.</param>
internal sealed record CaseGateAssessment(
    CaseGateDecision Decision,
    bool FailsOnOutcome,
    bool CountsAsChange,
    string? CriticalTag,
    IReadOnlyList<IdentityChange> GatingIdentityChanges,
    bool Recorded,
    bool Regressed = false,
    IReadOnlyList<string>? ShareTags = null,
    bool CountsAsProviderError = false,
    double? LikelihoodShift = null);
