namespace LlmGuard.Gating;

/// <summary>One rule of a suite's gate, as it was applied: its figure, its limit and whether it held.</summary>
/// <param name="Rule">The rule's key as written in a suite, e.g. <c>max_changed_share</c> or <c>max_changed_share_by_tag.tone</c>.</param>
/// <param name="Held">Whether the rule held (an undecided statistical rule under <c>underpowered: warn</c> holds).</param>
/// <param name="Figure">What was measured, e.g. "3 of 10 cases (30%)".</param>
/// <param name="Limit">What the rule allows, e.g. "at most 20% (2 cases)".</param>
public sealed record GateRuleResult(string Rule, bool Held, string Figure, string Limit)
{
    /// <summary>The cases the rule is about (changed, regressed, below agreement…), as case ids.</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];

    /// <summary>A remark, e.g. that the statistical rule could not decide.</summary>
    public string? Note { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Rule}: {Figure}; {Limit} — {(Held ? "held" : "FAILED")}" + (Note is null ? "" : $" ({Note})") + (Cases.Count == 0 ? "" : $": {string.Join(", ", Cases)}");
}
