using System.Text.Json.Nodes;

namespace LlmGuard.Reporting;

/// <summary>A suite's gate: the rules it applied, what it makes of each outcome, and its verdict with the reasons.</summary>
internal sealed record ReportGate
{
    /// <summary>Whether the suite passed its gate.</summary>
    public required bool Passed { get; init; }

    /// <summary>Whether it failed only because of provider errors.</summary>
    public bool ProviderErrorsOnly { get; init; }

    /// <summary>Why it failed, one sentence each (empty when it passed).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The suite's gate settings, by their suite names (<c>max_changed_share</c>, <c>critical_tags</c>, <c>significance</c>, ...).</summary>
    public IReadOnlyList<ReportGateRule> Rules { get; init; } = [];

    /// <summary>What the gate makes of a case of each outcome on its own: <c>pass</c>, <c>warn</c> (a change within the allowed share) or <c>fail</c>.</summary>
    public IReadOnlyDictionary<string, string> Outcomes { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every rule of the gate as it was applied, with its figure, its limit and whether it held, in the engine's order.</summary>
    public IReadOnlyList<ReportGateRuleResult> RuleResults { get; init; } = [];
}

/// <summary>One setting of a suite's gate.</summary>
/// <param name="Name">The setting's name in the suite file, e.g. <c>max_changed_share</c>.</param>
/// <param name="Value">Its value (a number, a boolean, a string or a list).</param>
internal sealed record ReportGateRule(string Name, JsonNode? Value = null);
