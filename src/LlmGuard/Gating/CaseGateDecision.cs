namespace LlmGuard.Gating;

/// <summary>What the gate makes of one case on its own.</summary>
internal enum CaseGateDecision
{
    /// <summary>The case passes: unchanged, equivalent, or just recorded in update mode.</summary>
    Pass,

    /// <summary>
    /// The case changed and the suite's gate allows a share of changed cases: it passes on its own, and the suite
    /// fails only when more cases changed than the share allows (<see cref="GatePolicy.ChangedShareExceeded"/>).
    /// </summary>
    Warn,

    /// <summary>The case fails the gate whatever the other cases did.</summary>
    Fail,
}
