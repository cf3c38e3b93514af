using LlmGuard.Results;

namespace LlmGuard.Equivalence;

/// <summary>What the ladder found for one output: every step that ran, and the one that decided (null when none did: a change).</summary>
/// <param name="Findings">The steps that ran, in order.</param>
/// <param name="Decision">The deciding step, or null.</param>
internal sealed record LadderResult(IReadOnlyList<LadderFinding> Findings, LadderFinding? Decision)
{
    private static readonly LadderFinding IdenticalFinding = new(LadderStep.Exact, LadderVerdict.Equivalent, LadderFinding.IdenticalDetail);

    /// <summary>The result for the very same text, shared: an unchanged case, the most common one, allocates nothing here.</summary>
    public static LadderResult Identical { get; } = new([IdenticalFinding], IdenticalFinding);

    /// <summary>Whether the output agrees with the baseline.</summary>
    public bool IsEquivalent => Decision?.Verdict == LadderVerdict.Equivalent;

    /// <summary>Whether the output is the baseline's text exactly.</summary>
    public bool IsIdentical => Decision?.IsIdentical == true;

    /// <summary>The step to report: the deciding one, or the last that ran.</summary>
    public LadderFinding? Reported => Decision ?? (Findings.Count > 0 ? Findings[^1] : null);

    /// <summary>The class this comparison gives a case run once (before intent and assertions are applied).</summary>
    public CaseOutcome Outcome => Decision switch
    {
        _ when IsIdentical => CaseOutcome.Unchanged,
        { Verdict: LadderVerdict.Equivalent, Step: LadderStep.Exact or LadderStep.Normalized or LadderStep.Json } => CaseOutcome.Equivalent,
        { Verdict: LadderVerdict.Equivalent, Step: LadderStep.Variant } => CaseOutcome.Unstable,
        { Verdict: LadderVerdict.Equivalent } => CaseOutcome.JudgedEquivalent,
        _ => CaseOutcome.Changed,
    };
}
