namespace LlmGuard.Reporting;

/// <summary>One rule of a suite's gate as it was applied: its figure, its limit and whether it held.</summary>
internal sealed record ReportGateRuleResult
{
    /// <summary>The rule's key, e.g. <c>max_changed_share</c> or <c>max_changed_share_by_tag.tone</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>Whether the rule held.</summary>
    public required bool Held { get; init; }

    /// <summary>What was measured, e.g. "3 of 10 cases changed (30%)".</summary>
    public required string Figure { get; init; }

    /// <summary>What the rule allows, e.g. "at most 20% (2 cases)".</summary>
    public required string Limit { get; init; }

    /// <summary>A remark, e.g. that the statistical rule could not decide.</summary>
    public string? Note { get; init; }

    /// <summary>The cases the rule is about, as case ids.</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];

    /// <summary>The rule as one line: <c>rule: figure; limit — held</c>.</summary>
    public string Describe() =>
        $"{Rule}: {Figure}; {Limit} — {(Held ? "held" : "FAILED")}" + (Note is null ? "" : $" ({Note})") + (Cases.Count == 0 ? "" : $": {string.Join(", ", Cases)}");
}
