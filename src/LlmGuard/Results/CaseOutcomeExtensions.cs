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
        CaseOutcome.JudgedEquivalent => "judged-equivalent",
        CaseOutcome.IntendedChange => "intended-change",
        CaseOutcome.Unstable => "unstable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Parses a stable name (as <see cref="ToName"/> writes it).</summary>
    public static bool TryParse(string name, out CaseOutcome outcome)
    {
        foreach (var candidate in Enum.GetValues<CaseOutcome>())
        {
            if (candidate.ToName() == name)
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    /// <summary>
    /// Whether the output agrees with the baseline: unchanged, equivalent (by a structural or a meaning-carrying step) or
    /// moved within its accepted variants. The gate may still allow some changes, and never gates an intended one.
    /// </summary>
    public static bool IsPassing(this CaseOutcome outcome) => outcome is CaseOutcome.Unchanged or CaseOutcome.Equivalent or CaseOutcome.JudgedEquivalent or CaseOutcome.Unstable;
}
