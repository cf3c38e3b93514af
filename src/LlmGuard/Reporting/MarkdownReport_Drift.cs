using System.Text;

namespace LlmGuard.Reporting;

/// <summary>The drift results: suite details, a case's deciding step and measures, the rules as applied.</summary>
internal static partial class MarkdownReport
{
    /// <summary>Per suite whose gate applied drift rules or computed drift results: the rules that failed with their figures, the model change, intended and collateral changes, the paired test and the budget figures.</summary>
    private static string SuiteDetails(RunReport report)
    {
        var builder = new StringBuilder();
        foreach (var suite in report.Suites)
        {
            var failed = ReportDriftText.FailedRules(suite);
            var lines = ReportDriftText.SuiteLines(suite);
            if (failed.Count == 0 && lines.Count == 0)
            {
                continue;
            }

            builder.Append("**").Append(MarkdownText.Inline(suite.Id)).Append("**\n\n");
            foreach (var rule in failed)
            {
                builder.Append("- ❌ rule ").Append(MarkdownText.Inline(rule, 1000)).Append('\n');
            }

            foreach (var line in lines)
            {
                builder.Append("- ").Append(MarkdownText.Inline(line, 2000)).Append('\n');
            }

            builder.Append('\n');
        }

        return builder.Length == 0 ? "" : "### Suite details\n\n" + builder;
    }

    /// <summary>The case's drift results (deciding step, stability, likelihood, tool calls, cost) as a bullet list.</summary>
    private static void AppendDriftLines(StringBuilder builder, ReportCase reportCase)
    {
        var lines = ReportDriftText.CaseLines(reportCase);
        var reason = ReportDriftText.PassReason(reportCase);
        if (lines.Count == 0 && reason is null)
        {
            return;
        }

        if (reason is not null)
        {
            builder.Append("- passes: ").Append(MarkdownText.Inline(reason, 1000)).Append('\n');
        }

        foreach (var line in lines)
        {
            builder.Append("- ").Append(MarkdownText.Inline(line, 1000)).Append('\n');
        }

        builder.Append('\n');
    }

    /// <summary>Every rule of every suite's gate as it was applied: figure, limit, held or failed.</summary>
    private static string AppliedRules(RunReport report)
    {
        if (report.Suites.All(suite => suite.Gate.RuleResults.Count == 0))
        {
            return "";
        }

        var builder = new StringBuilder("<details><summary>Gate rules as applied</summary>\n\n");
        AppendHeader(builder, ["suite", "rule", "result", "figure", "limit"], numericFrom: int.MaxValue);
        foreach (var suite in report.Suites)
        {
            foreach (var rule in suite.Gate.RuleResults)
            {
                builder.Append("| ").Append(MarkdownText.Inline(suite.Id)).Append(" | ").Append(MarkdownText.Inline(rule.Rule)).Append(" | ").Append(rule.Held ? "held" : "❌ failed")
                    .Append(" | ").Append(MarkdownText.Inline(rule.Figure + (rule.Note is null ? "" : $" ({rule.Note})"), 500)).Append(" | ").Append(MarkdownText.Inline(rule.Limit, 300)).Append(" |\n");
            }
        }

        return builder.Append("\n</details>\n\n").ToString();
    }
}
