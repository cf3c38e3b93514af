using System.Globalization;
using System.Text;

namespace LlmGuard.Reporting;

/// <summary>
/// The Markdown report, for a pull-request comment or <c>$GITHUB_STEP_SUMMARY</c>: the verdict and why, a table per suite
/// and per tag, model identity changes, the top cases to review with their diffs, then the rest collapsed. It stays
/// under GitHub's 1 MiB step-summary limit: what does not fit is left out with a note saying so.
/// </summary>
internal static partial class MarkdownReport
{
    /// <summary>The largest report in UTF-8 bytes: GitHub's step summary takes at most 1 MiB; some room is left for other steps.</summary>
    public const int DefaultMaxBytes = 1_000_000;

    /// <summary>How many cases to review are shown with their diffs before the rest is collapsed into a table.</summary>
    public const int TopCases = 20;

    private const int MaxBlockCharacters = 12_000;

    /// <summary>Renders the report in at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string Render(RunReport report, int maxBytes = DefaultMaxBytes)
    {
        var output = new BoundedMarkdown(maxBytes);
        var outcomes = ReportViews.OutcomesPresent(report);
        output.TryAdd(Headline(report));
        output.TryAdd(Reasons(report));
        output.TryAdd(SuiteTable(report, outcomes));
        output.TryAdd(SuiteDetails(report));
        output.TryAdd(TagTable(report, outcomes));
        output.TryAdd(IdentityTable(report));

        var allToReview = ReportViews.ToReview(report);
        var intended = allToReview.Where(reportCase => reportCase.Outcome == ReportDriftText.IntendedChange).ToList();
        var review = allToReview.Except(intended).ToList();
        if (review.Count > 0)
        {
            output.TryAdd($"### Cases to review ({(review.Count > TopCases ? $"the first {TopCases} of {review.Count}" : review.Count.ToString(CultureInfo.InvariantCulture))})\n\n");
            foreach (var reportCase in review.Take(TopCases))
            {
                output.TryAdd(CaseSection(reportCase), reportCase);
            }

            output.TryAddTable($"{review.Count - TopCases} more cases to review", review.Skip(TopCases).ToList());
        }

        if (intended.Count > 0)
        {
            output.TryAdd($"### Intended changes (not gated) ({(intended.Count > TopCases ? $"the first {TopCases} of {intended.Count}" : intended.Count.ToString(CultureInfo.InvariantCulture))})\n\n");
            foreach (var reportCase in intended.Take(TopCases))
            {
                output.TryAdd(CaseSection(reportCase), reportCase);
            }

            output.TryAddTable($"{intended.Count - TopCases} more intended changes", intended.Skip(TopCases).ToList());
        }

        output.TryAddTable("Passing cases", report.Cases.Where(reportCase => !ReportViews.NeedsReview(reportCase)).ToList());
        output.TryAdd(GateRules(report));
        output.TryAdd(AppliedRules(report));
        output.TryAdd(Orphans(report));
        output.TryAdd(Footer(report));
        return output.Finish(report.Cases.Count);
    }

    private static string Headline(RunReport report)
    {
        var verdict = report.Verdict;
        var icon = verdict.Interrupted ? "⏸️" : verdict.Passed ? "✅" : "❌";
        var builder = new StringBuilder();
        builder.Append("## ").Append(icon).Append(" LlmGuard: ").Append(ReportViews.Headline(verdict)).Append("\n\n");
        builder.Append("**Exit code ").Append(verdict.ExitCode.ToString(CultureInfo.InvariantCulture)).Append("** · ").Append(ReportText.Cases(verdict.Total));
        if (verdict.Counts.Count > 0)
        {
            builder.Append(": ").Append(string.Join(", ", verdict.Counts.Select(pair => $"{pair.Value.ToString(CultureInfo.InvariantCulture)} {MarkdownText.Inline(pair.Key)}")));
        }

        var environment = report.Environment;
        builder.Append(" · mode ").Append(MarkdownText.Inline(environment.Mode));
        if (environment.CandidateModel is { } candidate)
        {
            builder.Append(" · candidate model ").Append(MarkdownText.Inline(candidate));
        }

        if (environment.Shard is { } shard)
        {
            builder.Append(" · shard ").Append(MarkdownText.Inline(shard));
        }

        if (environment.MergedFrom.Count > 0)
        {
            builder.Append(" · merged from ").Append(environment.MergedFrom.Count.ToString(CultureInfo.InvariantCulture)).Append(" files");
        }

        builder.Append("\n\n");
        return builder.ToString();
    }

    private static string Reasons(RunReport report)
    {
        var builder = new StringBuilder();
        var reasons = report.Suites.SelectMany(suite => suite.Gate.Reasons.Select(reason => (suite.Id, reason))).ToList();
        if (reasons.Count > 0)
        {
            builder.Append("**Why**\n\n");
            foreach (var (suite, reason) in reasons)
            {
                builder.Append("- **").Append(MarkdownText.Inline(suite)).Append("**: ").Append(MarkdownText.Inline(reason, 1000)).Append('\n');
            }

            builder.Append('\n');
        }

        if (report.Verdict.Interrupted)
        {
            builder.Append("_The run was interrupted: not every case ran, and the results are partial._\n\n");
        }

        return builder.ToString();
    }

    private static string SuiteTable(RunReport report, IReadOnlyList<string> outcomes)
    {
        if (report.Suites.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder("### Suites\n\n");
        AppendHeader(builder, ["suite", "gate", "cases", .. outcomes], numericFrom: 2);
        foreach (var suite in report.Suites)
        {
            builder.Append("| ").Append(MarkdownText.Inline(suite.Id)).Append(" | ").Append(suite.Gate.Passed ? "✅ passed" : "❌ failed")
                .Append(" | ").Append(suite.Total.ToString(CultureInfo.InvariantCulture));
            foreach (var outcome in outcomes)
            {
                builder.Append(" | ").Append(suite.Counts.GetValueOrDefault(outcome).ToString(CultureInfo.InvariantCulture));
            }

            builder.Append(" |\n");
        }

        return builder.Append('\n').ToString();
    }

    private static string TagTable(RunReport report, IReadOnlyList<string> outcomes)
    {
        var tags = ReportViews.ByTag(report);
        if (tags.Count == 0 || (tags.Count == 1 && tags[0].Tag == ReportViews.UntaggedName))
        {
            return "";
        }

        var builder = new StringBuilder("### Tags\n\n");
        AppendHeader(builder, ["tag", "cases", "failing", .. outcomes], numericFrom: 1);
        foreach (var (tag, cases) in tags)
        {
            builder.Append("| ").Append(MarkdownText.Inline(tag)).Append(" | ").Append(cases.Count.ToString(CultureInfo.InvariantCulture))
                .Append(" | ").Append(cases.Count(reportCase => reportCase.Gate == ReportViews.Fail).ToString(CultureInfo.InvariantCulture));
            foreach (var outcome in outcomes)
            {
                builder.Append(" | ").Append(cases.Count(reportCase => reportCase.Outcome == outcome).ToString(CultureInfo.InvariantCulture));
            }

            builder.Append(" |\n");
        }

        return builder.Append('\n').ToString();
    }

    private static string IdentityTable(RunReport report)
    {
        var changes = ReportViews.IdentityChanges(report);
        if (changes.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder("### Model identity changes\n\n");
        AppendHeader(builder, ["suite", "field", "recorded", "current", "gate"], numericFrom: int.MaxValue);
        foreach (var (suite, change) in changes)
        {
            builder.Append("| ").Append(MarkdownText.Inline(suite)).Append(" | ").Append(MarkdownText.Inline(change.Field))
                .Append(" | ").Append(MarkdownText.Inline(change.Recorded ?? "(none)")).Append(" | ").Append(MarkdownText.Inline(change.Current ?? "(none)"))
                .Append(" | ").Append(ReportDriftText.IdentityEffect(change)).Append(" |\n");
        }

        return builder.Append('\n').ToString();
    }

    private static string CaseSection(ReportCase reportCase)
    {
        var builder = new StringBuilder();
        builder.Append("#### ").Append(GateIcon(reportCase.Gate)).Append(' ').Append(MarkdownText.Inline(reportCase.Name)).Append(" — ").Append(MarkdownText.Inline(reportCase.Outcome)).Append("\n\n");
        builder.Append(MarkdownText.Inline(reportCase.Summary, 1000)).Append("\n\n");
        foreach (var failure in reportCase.AssertionFailures)
        {
            builder.Append("- ✗ ").Append(MarkdownText.Inline(failure.Message, 1000)).Append('\n');
        }

        foreach (var change in reportCase.IdentityChanges)
        {
            builder.Append("- identity ").Append(ReportDriftText.IdentityChanged(change)).Append(": ").Append(MarkdownText.Inline(change.ToString())).Append('\n');
        }

        if (reportCase.AssertionFailures.Count > 0 || reportCase.IdentityChanges.Count > 0)
        {
            builder.Append('\n');
        }

        AppendDriftLines(builder, reportCase);

        var (text, info) = reportCase.Diff is { Length: > 0 } diff ? (diff, "diff")
            : reportCase.Failure is not null ? ((string?)null, "")
            : (reportCase.Output, "text");
        if (text is not null)
        {
            var shown = ReportText.Truncate(text, MaxBlockCharacters, out var cut);
            builder.Append(MarkdownText.Fence(shown, info));
            if (cut > 0)
            {
                builder.Append("\n_").Append(cut.ToString(CultureInfo.InvariantCulture)).Append(" more characters not shown; the HTML and JSON reports have them._\n");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    private static string GateRules(RunReport report)
    {
        if (report.Suites.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder("<details><summary>Gate rules</summary>\n\n");
        AppendHeader(builder, ["suite", "rule", "value"], numericFrom: int.MaxValue);
        foreach (var suite in report.Suites)
        {
            foreach (var rule in suite.Gate.Rules)
            {
                builder.Append("| ").Append(MarkdownText.Inline(suite.Id)).Append(" | ").Append(MarkdownText.Inline(rule.Name)).Append(" | ").Append(MarkdownText.Inline(ReportViews.RuleValue(rule))).Append(" |\n");
            }

            foreach (var decision in new[] { ReportViews.Fail, ReportViews.Warn })
            {
                var names = suite.Gate.Outcomes.Where(pair => pair.Value == decision).Select(pair => pair.Key).ToList();
                if (names.Count > 0)
                {
                    builder.Append("| ").Append(MarkdownText.Inline(suite.Id)).Append(" | ").Append(decision == ReportViews.Fail ? "a case fails on" : "a case only warns on")
                        .Append(" | ").Append(MarkdownText.Inline(string.Join(", ", names))).Append(" |\n");
                }
            }
        }

        return builder.Append("\n</details>\n\n").ToString();
    }

    private static string Orphans(RunReport report)
    {
        if (report.Orphans.Count == 0)
        {
            return "";
        }

        var builder = new StringBuilder("<details><summary>").Append(report.Orphans.Count.ToString(CultureInfo.InvariantCulture))
            .Append(" orphaned snapshot files (remove them with <code>llmguard prune</code>)</summary>\n\n");
        foreach (var orphan in report.Orphans)
        {
            builder.Append("- ").Append(MarkdownText.Inline(orphan)).Append('\n');
        }

        return builder.Append("\n</details>\n\n").ToString();
    }

    private static string Footer(RunReport report)
    {
        var environment = report.Environment;
        var parts = new List<string> { $"LlmGuard {environment.ToolVersion}" };
        parts.AddRange(new[] { environment.Runtime, environment.Os }.OfType<string>());
        if (environment.StartedAt is { } started)
        {
            parts.Add("started " + started.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        }

        // Inside an inline <sub> Markdown is still read: the parts are escaped as Markdown text.
        return "<sub>" + string.Join(" · ", parts.Select(part => MarkdownText.Inline(part))) + "</sub>\n";
    }

    private static void AppendHeader(StringBuilder builder, IReadOnlyList<string> columns, int numericFrom)
    {
        builder.Append("| ").Append(string.Join(" | ", columns.Select(column => MarkdownText.Inline(column)))).Append(" |\n|");
        for (var i = 0; i < columns.Count; i++)
        {
            builder.Append(i >= numericFrom ? " ---: |" : " --- |");
        }

        builder.Append('\n');
    }

    private static string GateIcon(string gate) => gate switch
    {
        ReportViews.Fail => "❌",
        ReportViews.Warn => "⚠️",
        _ => "ℹ️",
    };
}
