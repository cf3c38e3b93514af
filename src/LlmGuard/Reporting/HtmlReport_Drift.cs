using System.Security.Cryptography;
using System.Text;

namespace LlmGuard.Reporting;

/// <summary>The drift results of a suite and a case: rules as applied, paired test, figures, ladder, votes, stability, likelihood and tool calls.</summary>
internal static partial class HtmlReport
{
    /// <summary>A suite's gate rules as applied (figure, limit, held), its paired test, figures, model change and changes.</summary>
    private static void SuiteDrift(StringBuilder builder, ReportSuite suite)
    {
        if (suite.Gate.RuleResults.Count > 0)
        {
            builder.Append("<table class=\"rule-results\"><thead><tr><th>rule</th><th>result</th><th>figure</th><th>limit</th><th>cases</th></tr></thead><tbody>");
            foreach (var rule in suite.Gate.RuleResults)
            {
                builder.Append("<tr data-held=\"").Append(rule.Held ? "true" : "false").Append("\"><th>").Append(E(rule.Rule)).Append("</th><td><span class=\"badge gate-")
                    .Append(rule.Held ? "pass\">held" : "fail\">failed").Append("</span></td><td>").Append(E(rule.Figure));
                if (rule.Note is not null)
                {
                    builder.Append(" <span class=\"note\">(").Append(E(rule.Note)).Append(")</span>");
                }

                builder.Append("</td><td>").Append(E(rule.Limit)).Append("</td><td>").Append(E(string.Join(", ", rule.Cases))).Append("</td></tr>");
            }

            builder.Append("</tbody></table>");
        }

        var lines = ReportDriftText.SuiteLines(suite);
        if (lines.Count > 0)
        {
            builder.Append("<ul class=\"suite-drift\">");
            foreach (var line in lines)
            {
                builder.Append("<li>").Append(E(line)).Append("</li>");
            }

            builder.Append("</ul>");
        }
    }

    /// <summary>A case's drift results: why it passes, the deciding step and the ladder, judge votes, stability, likelihood, tool calls and cost.</summary>
    private static void CaseDrift(StringBuilder builder, ReportCase reportCase)
    {
        if (ReportDriftText.PassReason(reportCase) is { } reason)
        {
            builder.Append("<p class=\"pass-reason\">passes: ").Append(E(reason)).Append("</p>");
        }

        if (reportCase.DecidingStep is { } deciding)
        {
            builder.Append("<p class=\"deciding\">deciding step: <strong>").Append(E(deciding.Step)).Append("</strong> (").Append(E(deciding.Verdict)).Append("): ").Append(E(deciding.Detail));
            if (deciding.Score is { } score)
            {
                builder.Append(" · score ").Append(ReportNumbers.Decimal(score));
            }

            if (deciding.Threshold is { } threshold)
            {
                builder.Append(" · threshold ").Append(ReportNumbers.Decimal(threshold));
            }

            builder.Append("</p>");
        }

        if (reportCase.Ladder.Count > 0)
        {
            builder.Append("<table class=\"ladder\"><thead><tr><th>step</th><th>verdict</th><th>detail</th><th class=\"num\">score</th><th class=\"num\">threshold</th><th>model</th><th class=\"num\">calls (cached)</th></tr></thead><tbody>");
            foreach (var step in reportCase.Ladder)
            {
                builder.Append("<tr><td>").Append(E(step.Step)).Append("</td><td>").Append(E(step.Verdict)).Append("</td><td>").Append(E(step.Detail))
                    .Append("</td><td class=\"num\">").Append(step.Score is { } score ? ReportNumbers.Decimal(score) : "").Append("</td><td class=\"num\">")
                    .Append(step.Threshold is { } threshold ? ReportNumbers.Decimal(threshold) : "").Append("</td><td>").Append(E(step.Model ?? ""))
                    .Append("</td><td class=\"num\">").Append(step.Calls > 0 ? $"{Number(step.Calls)} ({Number(step.CachedCalls)})" : "").Append("</td></tr>");
            }

            builder.Append("</tbody></table>");
        }

        var votes = reportCase.DecidingStep?.Votes ?? [];
        if (votes.Count > 0)
        {
            builder.Append("<ol class=\"votes\">");
            foreach (var vote in votes)
            {
                builder.Append("<li>").Append(vote.Equivalent ? "equivalent" : "different").Append(vote.Cached ? " (cached)" : "").Append(" — ").Append(E(vote.Reason)).Append("</li>");
            }

            builder.Append("</ol>");
        }

        var lines = ReportDriftText.CaseLines(reportCase, withLadderAndToolCalls: false);
        if (lines.Count > 0)
        {
            builder.Append("<ul class=\"drift\">");
            foreach (var line in lines)
            {
                builder.Append("<li>").Append(E(line)).Append("</li>");
            }

            builder.Append("</ul>");
        }

        if (reportCase.ToolCalls.Count > 0)
        {
            builder.Append("<p class=\"note\">Tool calls of this run:</p><ol class=\"tool-calls\">");
            foreach (var call in reportCase.ToolCalls)
            {
                builder.Append("<li><code>").Append(E(call.Name)).Append("</code> <code>").Append(E(ReportText.Truncate(call.Arguments, HtmlDiff.MaxCharacters, out _))).Append("</code>")
                    .Append(call.ArgumentsValid ? "" : " <span class=\"note\">(arguments are not a JSON object)</span>").Append("</li>");
            }

            builder.Append("</ol>");
        }
    }
}
