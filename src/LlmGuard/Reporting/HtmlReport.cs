using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmGuard.Reporting;

/// <summary>
/// The HTML report: one self-contained page (inline style and script, nothing fetched, a Content-Security-Policy that
/// lets only its own style and script run) with the verdict, tallies per suite and tag, identity changes, gate rules,
/// and every case with filters by class, suite, tag and gate, a search box, and a side-by-side diff with changed words
/// marked. Every text that comes from outside (outputs, messages, ids, paths) is HTML-encoded.
/// </summary>
internal static partial class HtmlReport
{
    private static readonly string Style = Resource("LlmGuard.Reporting.HtmlReport.css");
    private static readonly string Script = Resource("LlmGuard.Reporting.HtmlReport.js");
    private static readonly string Policy =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>Renders the report.</summary>
    public static string Render(RunReport report)
    {
        var verdict = report.Verdict;
        var state = verdict.Interrupted ? "interrupted" : verdict.Passed ? "pass" : "fail";
        var builder = new StringBuilder(InitialCapacity(report));
        builder.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(Policy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>LlmGuard: ").Append(ReportViews.Headline(verdict)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        builder.Append("<header class=\"verdict ").Append(state).Append("\"><h1>LlmGuard: ").Append(ReportViews.Headline(verdict)).Append("</h1><p>")
            .Append("exit code ").Append(Number(verdict.ExitCode)).Append(" · ").Append(ReportText.Cases(verdict.Total))
            .Append(" · mode ").Append(E(report.Environment.Mode));
        if (report.Environment.CandidateModel is { } candidate)
        {
            builder.Append(" · candidate model ").Append(E(candidate));
        }

        if (report.Environment.Shard is { } shard)
        {
            builder.Append(" · shard ").Append(E(shard));
        }

        builder.Append("</p></header>\n<main>\n");
        Summary(builder, report);
        IdentityChanges(builder, report);
        GateRules(builder, report);
        Cases(builder, report);
        Environment(builder, report);
        builder.Append("</main>\n<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        return builder.ToString();
    }

    /// <summary>
    /// Room for the page as it is usually written: the page shows at most <see cref="HtmlDiff.MaxCharacters"/> of each text
    /// (encoding and diff markup roughly double them), so whole lengths would overestimate (and, summed as int over a large
    /// run, overflow); the builder still grows past the cap when it must.
    /// </summary>
    private static int InitialCapacity(RunReport report)
    {
        const long MaxInitialCapacity = 64L * 1024 * 1024;
        var shown = report.Cases.Sum(reportCase =>
            (long)Math.Min(reportCase.Output?.Length ?? 0, HtmlDiff.MaxCharacters) + Math.Min(reportCase.Baseline?.Length ?? 0, HtmlDiff.MaxCharacters) + 2_048);
        return (int)Math.Min(64 * 1024 + 2 * shown, MaxInitialCapacity);
    }

    private static void Summary(StringBuilder builder, RunReport report)
    {
        var outcomes = ReportViews.OutcomesPresent(report);
        builder.Append("<section id=\"summary\"><h2>Summary</h2><div class=\"chips\">");
        foreach (var (outcome, count) in report.Verdict.Counts)
        {
            builder.Append("<button type=\"button\" class=\"chip\" data-outcome=\"").Append(E(outcome)).Append("\">").Append(Number(count)).Append(' ').Append(E(outcome)).Append("</button>");
        }

        builder.Append("</div>\n");
        var reasons = report.Suites.SelectMany(suite => suite.Gate.Reasons.Select(reason => (suite.Id, reason))).ToList();
        if (reasons.Count > 0)
        {
            builder.Append("<h3>Why the gate failed</h3><ul class=\"reasons\">");
            foreach (var (suite, reason) in reasons)
            {
                builder.Append("<li><strong>").Append(E(suite)).Append("</strong>: ").Append(E(reason)).Append("</li>");
            }

            builder.Append("</ul>\n");
        }

        if (report.Verdict.Interrupted)
        {
            builder.Append("<p class=\"note\">The run was interrupted: not every case ran, and the results are partial.</p>\n");
        }

        builder.Append("<h3>Suites</h3><table id=\"suites\"><thead><tr><th>suite</th><th>gate</th><th class=\"num\">cases</th>");
        foreach (var outcome in outcomes)
        {
            builder.Append("<th class=\"num\">").Append(E(outcome)).Append("</th>");
        }

        builder.Append("<th>target</th></tr></thead><tbody>");
        foreach (var suite in report.Suites)
        {
            builder.Append("<tr><td>").Append(E(suite.Id)).Append("</td><td>").Append(suite.Gate.Passed ? "passed" : "<strong>failed</strong>")
                .Append("</td><td class=\"num\">").Append(Number(suite.Total)).Append("</td>");
            foreach (var outcome in outcomes)
            {
                builder.Append("<td class=\"num\">").Append(Number(suite.Counts.GetValueOrDefault(outcome))).Append("</td>");
            }

            builder.Append("<td>").Append(E(suite.Target.Provider)).Append(" / ").Append(E(suite.Target.Model));
            if (suite.Target.Endpoint is { } endpoint)
            {
                builder.Append(" at <code>").Append(E(endpoint)).Append("</code>");
            }

            builder.Append("</td></tr>");
        }

        builder.Append("</tbody></table>\n");
        var tags = ReportViews.ByTag(report);
        if (tags.Count > 0 && !(tags.Count == 1 && tags[0].Tag == ReportViews.UntaggedName))
        {
            builder.Append("<h3>Tags</h3><table id=\"tags\"><thead><tr><th>tag</th><th class=\"num\">cases</th><th class=\"num\">failing</th>");
            foreach (var outcome in outcomes)
            {
                builder.Append("<th class=\"num\">").Append(E(outcome)).Append("</th>");
            }

            builder.Append("</tr></thead><tbody>");
            foreach (var (tag, cases) in tags)
            {
                builder.Append("<tr><td>").Append(E(tag)).Append("</td><td class=\"num\">").Append(Number(cases.Count)).Append("</td><td class=\"num\">")
                    .Append(Number(cases.Count(reportCase => reportCase.Gate == ReportViews.Fail))).Append("</td>");
                foreach (var outcome in outcomes)
                {
                    builder.Append("<td class=\"num\">").Append(Number(cases.Count(reportCase => reportCase.Outcome == outcome))).Append("</td>");
                }

                builder.Append("</tr>");
            }

            builder.Append("</tbody></table>\n");
        }

        builder.Append("</section>\n");
    }

    private static void IdentityChanges(StringBuilder builder, RunReport report)
    {
        var changes = ReportViews.IdentityChanges(report);
        if (changes.Count == 0)
        {
            return;
        }

        builder.Append("<section id=\"identity\"><h2>Model identity changes</h2><table><thead><tr><th>suite</th><th>field</th><th>recorded</th><th>current</th><th>gate</th></tr></thead><tbody>");
        foreach (var (suite, change) in changes)
        {
            builder.Append("<tr><td>").Append(E(suite)).Append("</td><td>").Append(E(change.Field)).Append("</td><td><code>").Append(E(change.Recorded ?? "(none)"))
                .Append("</code></td><td><code>").Append(E(change.Current ?? "(none)")).Append("</code></td><td>").Append(ReportDriftText.IdentityEffect(change)).Append("</td></tr>");
        }

        builder.Append("</tbody></table></section>\n");
    }

    private static void GateRules(StringBuilder builder, RunReport report)
    {
        if (report.Suites.Count == 0)
        {
            return;
        }

        builder.Append("<section id=\"gate\"><h2>Gate rules</h2>");
        foreach (var suite in report.Suites)
        {
            builder.Append("<h3>").Append(E(suite.Id)).Append(suite.Gate.Passed ? " — passed" : " — failed").Append("</h3><table class=\"rules\"><tbody>");
            foreach (var rule in suite.Gate.Rules)
            {
                builder.Append("<tr><th>").Append(E(rule.Name)).Append("</th><td>").Append(E(ReportViews.RuleValue(rule))).Append("</td></tr>");
            }

            foreach (var (outcome, decision) in suite.Gate.Outcomes)
            {
                builder.Append("<tr><th>a case that is ").Append(E(outcome)).Append("</th><td><span class=\"badge gate-").Append(E(decision)).Append("\">").Append(E(decision)).Append("</span></td></tr>");
            }

            builder.Append("</tbody></table>");
            SuiteDrift(builder, suite);
        }

        builder.Append("</section>\n");
    }

    private static void Cases(StringBuilder builder, RunReport report)
    {
        builder.Append("<section id=\"cases\"><h2>Cases</h2><div class=\"filters\">");
        Select(builder, "filter-outcome", "Class", ReportViews.OutcomesPresent(report).Select(outcome => (outcome, $"{outcome} ({report.Cases.Count(reportCase => reportCase.Outcome == outcome)})")));
        Select(builder, "filter-suite", "Suite", report.Cases.Select(reportCase => reportCase.Suite).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(suite => (suite, suite)));
        Select(builder, "filter-tag", "Tag", report.Cases.SelectMany(reportCase => reportCase.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(tag => (tag, tag)));
        Select(builder, "filter-gate", "Gate", new[] { ReportViews.Fail, ReportViews.Warn, "pass" }.Where(gate => report.Cases.Any(reportCase => reportCase.Gate == gate)).Select(gate => (gate, gate)));
        builder.Append("<input type=\"search\" id=\"search\" placeholder=\"Search names, outputs, messages\" aria-label=\"Search cases\">")
            .Append("<button type=\"button\" id=\"expand-all\">Expand all</button><button type=\"button\" id=\"collapse-all\">Collapse all</button>")
            .Append("<span id=\"shown\"></span></div>\n<div id=\"case-list\">\n");
        foreach (var reportCase in report.Cases)
        {
            Case(builder, reportCase);
        }

        builder.Append("</div></section>\n");
    }

    private static void Case(StringBuilder builder, ReportCase reportCase)
    {
        builder.Append("<details class=\"case\" data-outcome=\"").Append(E(reportCase.Outcome)).Append("\" data-suite=\"").Append(E(reportCase.Suite))
            .Append("\" data-gate=\"").Append(E(reportCase.Gate)).Append("\" data-tags=\"").Append(E(string.Join('\n', reportCase.Tags))).Append("\">")
            .Append("<summary><span class=\"badge gate-").Append(E(reportCase.Gate)).Append("\">").Append(E(reportCase.Outcome)).Append("</span>")
            .Append("<span class=\"case-name\">").Append(E(reportCase.Name)).Append("</span>")
            .Append("<span class=\"case-summary\">").Append(E(ReportText.OneLine(reportCase.Summary, 400))).Append("</span></summary>\n<div class=\"case-body\">");
        builder.Append("<div class=\"meta\"><span>gate: ").Append(E(reportCase.Gate)).Append("</span>");
        if (reportCase.Tags.Count > 0)
        {
            builder.Append("<span>tags: ").Append(E(string.Join(", ", reportCase.Tags))).Append("</span>");
        }

        builder.Append("<span>").Append(reportCase.DurationMs.ToString("0.#", CultureInfo.InvariantCulture)).Append(" ms</span>");
        if (reportCase.Tokens is { } tokens)
        {
            builder.Append("<span>tokens: ").Append(Tokens(tokens)).Append("</span>");
        }

        if (reportCase.Identity is { } identity)
        {
            foreach (var (label, value) in new[] { ("model", identity.ResolvedModel), ("digest", identity.Digest), ("fingerprint", identity.SystemFingerprint) })
            {
                if (value is not null)
                {
                    builder.Append("<span>").Append(label).Append(": <code>").Append(E(value)).Append("</code></span>");
                }
            }
        }

        builder.Append("<span>request: <code>").Append(E(reportCase.RequestFingerprint)).Append("</code></span></div>");
        builder.Append("<p>").Append(E(reportCase.Summary)).Append("</p>");
        if (reportCase.AssertionFailures.Count > 0)
        {
            builder.Append("<ul class=\"failures\">");
            foreach (var failure in reportCase.AssertionFailures)
            {
                builder.Append("<li>✗ <code>").Append(E(failure.Assertion)).Append("</code> ").Append(E(failure.Message)).Append("</li>");
            }

            builder.Append("</ul>");
        }

        if (reportCase.Failure is { } providerFailure)
        {
            builder.Append("<p class=\"failures\">provider failure (").Append(E(providerFailure.Kind))
                .Append(providerFailure.StatusCode is { } status ? ", status " + Number(status) : "").Append("): ").Append(E(providerFailure.Message)).Append("</p>");
        }

        if (reportCase.IdentityChanges.Count > 0)
        {
            builder.Append("<ul class=\"identity\">");
            foreach (var change in reportCase.IdentityChanges)
            {
                builder.Append("<li>identity ").Append(ReportDriftText.IdentityChanged(change)).Append(": ").Append(E(change.ToString())).Append("</li>");
            }

            builder.Append("</ul>");
        }

        CaseDrift(builder, reportCase);
        if (reportCase.Baseline is { } baseline && reportCase.Output is { } output && baseline != output)
        {
            builder.Append(HtmlDiff.SideBySide(baseline, output, "verified (baseline)", "this run"));
        }
        else if ((reportCase.Output ?? reportCase.Baseline) is { } text)
        {
            var shown = ReportText.Truncate(text, HtmlDiff.MaxCharacters, out var cut);
            builder.Append("<p class=\"note\">").Append(reportCase.Output is null ? "The verified (baseline) output; this run has none:" : "Output of this run:").Append("</p>");
            builder.Append("<pre class=\"output\">").Append(E(shown)).Append("</pre>");
            if (cut > 0)
            {
                builder.Append("<p class=\"note\">").Append(Number(cut)).Append(" more characters not shown; the JSON report holds the whole output.</p>");
            }
        }

        foreach (var (label, path) in new[] { ("Verified", reportCase.Verified), ("Received", reportCase.Received) })
        {
            if (path is not null)
            {
                builder.Append("<div class=\"meta\">").Append(label).Append(": <code>").Append(E(path)).Append("</code></div>");
            }
        }

        builder.Append("</div></details>\n");
    }

    private static void Environment(StringBuilder builder, RunReport report)
    {
        var environment = report.Environment;
        builder.Append("<section id=\"environment\"><h2>Environment</h2><dl class=\"env\">");
        void Fact(string name, string? value)
        {
            if (value is not null)
            {
                builder.Append("<dt>").Append(E(name)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
            }
        }

        Fact("LlmGuard", environment.ToolVersion);
        Fact("runtime", environment.Runtime);
        Fact("OS", environment.Os);
        Fact("CI", environment.Ci ? "yes" : "no");
        Fact("started", environment.StartedAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Fact("finished", environment.FinishedAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Fact("merged from", environment.MergedFrom.Count > 0 ? string.Join(", ", environment.MergedFrom) : null);
        foreach (var suite in report.Suites)
        {
            Fact($"suite {suite.Id}", $"{suite.Target.Provider} / {suite.Target.Model}" + (suite.Target.Endpoint is { } endpoint ? $" at {endpoint}" : "")
                + (suite.Target.Deployment is { } deployment ? $", deployment {deployment}" : "")
                + (suite.Target.Parameters.Count > 0 ? " · " + string.Join(", ", suite.Target.Parameters.Select(pair => $"{pair.Key}={pair.Value}")) : "")
                + (suite.File is { } file ? $" · {file}" : ""));
        }

        builder.Append("</dl>");
        if (report.Orphans.Count > 0)
        {
            builder.Append("<h3>Orphaned snapshot files</h3><ul>");
            foreach (var orphan in report.Orphans)
            {
                builder.Append("<li><code>").Append(E(orphan)).Append("</code></li>");
            }

            builder.Append("</ul>");
        }

        builder.Append("</section>\n");
    }

    private static void Select(StringBuilder builder, string id, string label, IEnumerable<(string Value, string Text)> options)
    {
        builder.Append("<label>").Append(label).Append(" <select id=\"").Append(id).Append("\"><option value=\"\">all</option>");
        foreach (var (value, text) in options)
        {
            builder.Append("<option value=\"").Append(E(value)).Append("\">").Append(E(text)).Append("</option>");
        }

        builder.Append("</select></label>");
    }

    private static string Tokens(ReportTokens tokens) => string.Join(", ", new[] { ("in", tokens.Input), ("out", tokens.Output), ("total", tokens.Total) }
        .Where(pair => pair.Item2 is not null).Select(pair => $"{pair.Item1} {pair.Item2!.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static string E(string text) => HtmlText.Encode(text);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"The resource {name} is missing from the build.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
