namespace LlmGuard.Results;

/// <summary>The stable kebab-case names of outcomes used in reports and files.</summary>
public static class CaseOutcomeExtensions
{
    /// <summary>The stable name of an outcome, e.g. <c>assertion-failed</c>.</summary>
    public static string ToName(this CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Unchanged => "unchanged",
        CaseOutcome.Equivalent => "equivalent",
        CaseOutcome.Changed => "changed",
        CaseOutcome.New => "new",
        CaseOutcome.AssertionFailed => "assertion-failed",
        CaseOutcome.ProviderError => "provider-error",
        CaseOutcome.RequestChanged => "request-changed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Whether the outcome lets a case pass on its own (the gate may still allow some changes).</summary>
    public static bool IsPassing(this CaseOutcome outcome) => outcome is CaseOutcome.Unchanged or CaseOutcome.Equivalent;
}
