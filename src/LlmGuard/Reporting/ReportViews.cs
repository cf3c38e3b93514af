using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>Groupings and orderings of a report's cases that several formats show.</summary>
internal static class ReportViews
{
    /// <summary>The name of the gate decision that fails a case.</summary>
    public const string Fail = "fail";

    /// <summary>The name of the gate decision that lets a changed case through within the allowed share.</summary>
    public const string Warn = "warn";

    /// <summary>Whether a case asks for a reader's attention: the gate did not simply pass it, or its outcome is not a passing one.</summary>
    public static bool NeedsReview(ReportCase reportCase) =>
        reportCase.Gate != "pass" || ReportCases.ParseOutcome(reportCase.Outcome) is not { } outcome || !outcome.IsPassing();

    /// <summary>The cases to review, failures first, then warnings, then the rest, each in plan order.</summary>
    public static IReadOnlyList<ReportCase> ToReview(RunReport report) =>
        [.. report.Cases.Where(NeedsReview).OrderBy(reportCase => GateRank(reportCase.Gate)).ThenBy(reportCase => reportCase.Position)];

    /// <summary>The outcome names that occur in the report, in declaration order (names this build does not know last).</summary>
    public static IReadOnlyList<string> OutcomesPresent(RunReport report)
    {
        var present = report.Cases.Select(reportCase => reportCase.Outcome).Concat(report.Verdict.Counts.Keys).ToHashSet(StringComparer.Ordinal);
        return [.. ReportCases.OutcomeNames.Where(present.Contains), .. present.Except(ReportCases.OutcomeNames).Order(StringComparer.Ordinal)];
    }

    /// <summary>Per tag (untagged cases under <c>(no tag)</c>): the cases, by tag name.</summary>
    public static IReadOnlyList<(string Tag, IReadOnlyList<ReportCase> Cases)> ByTag(RunReport report)
    {
        var groups = new SortedDictionary<string, List<ReportCase>>(StringComparer.Ordinal);
        foreach (var reportCase in report.Cases)
        {
            foreach (var tag in reportCase.Tags.Count == 0 ? [UntaggedName] : reportCase.Tags.Distinct(StringComparer.Ordinal))
            {
                if (!groups.TryGetValue(tag, out var list))
                {
                    groups[tag] = list = [];
                }

                list.Add(reportCase);
            }
        }

        return [.. groups.Select(pair => (pair.Key, (IReadOnlyList<ReportCase>)pair.Value))];
    }

    /// <summary>The group name of cases without tags.</summary>
    public const string UntaggedName = "(no tag)";

    /// <summary>Every distinct identity change of the run with the suite it was seen in.</summary>
    public static IReadOnlyList<(string Suite, ReportIdentityChange Change)> IdentityChanges(RunReport report) =>
        [.. report.Suites.SelectMany(suite => suite.IdentityChanges.Select(change => (suite.Id, change)))];

    /// <summary>A short headline of the verdict: <c>gate passed</c>, <c>gate failed</c> or <c>interrupted</c>.</summary>
    public static string Headline(ReportVerdict verdict) => verdict.Interrupted ? "interrupted" : verdict.Passed ? "gate passed" : "gate failed";

    /// <summary>A value of a gate rule as text.</summary>
    public static string RuleValue(ReportGateRule rule) => rule.Value switch
    {
        null => "(none)",
        System.Text.Json.Nodes.JsonArray array => array.Count == 0 ? "(none)" : string.Join(", ", array.Select(item => item?.ToString() ?? "")),
        System.Text.Json.Nodes.JsonObject map => map.Count == 0 ? "(none)" : string.Join(", ", map.Select(pair => $"{pair.Key}: {pair.Value?.ToString() ?? "null"}")),
        var value => value.ToString(),
    };

    private static int GateRank(string gate) => gate switch
    {
        Fail => 0,
        Warn => 1,
        _ => 2,
    };
}
