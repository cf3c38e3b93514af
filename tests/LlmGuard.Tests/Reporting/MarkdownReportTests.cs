using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using LlmGuard.Reporting;
using LlmGuard.Results;

namespace LlmGuard.Tests.Reporting;

public sealed partial class MarkdownReportTests
{
    [Test]
    public void The_verdict_comes_first_then_suites_tags_identity_changes_and_the_cases_to_review()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Everything());

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.StartWith("## ❌ LlmGuard: gate failed\n"));
            var order = new[] { "### Suites", "### Tags", "### Model identity changes", "### Cases to review", "<summary>Passing cases</summary>", "<summary>Gate rules</summary>" }
                .Select(heading => markdown.IndexOf(heading, StringComparison.Ordinal)).ToList();
            Assert.That(order, Is.All.GreaterThan(0));
            Assert.That(order, Is.Ordered);
            Assert.That(markdown, Does.Contain("#### ❌ classes/new — new"));
            Assert.That(markdown, Does.Contain("| classes | ❌ failed | 10 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 1 |"));
        });
    }

    [Test]
    public void Every_outcome_present_has_a_column_in_the_suite_table()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Everything());
        var header = markdown.Split('\n').First(line => line.StartsWith("| suite | gate | cases", StringComparison.Ordinal));

        Assert.That(header, Is.EqualTo("| suite | gate | cases | " + string.Join(" | ", Enum.GetValues<CaseOutcome>().Select(o => o.ToName())) + " |"));
    }

    [Test]
    public void Model_text_stays_inside_fences_longer_than_any_backtick_run_it_holds()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Everything());

        var outside = OutsideFences(markdown);
        Assert.Multiple(() =>
        {
            Assert.That(outside, Does.Not.Contain("<script").And.Not.Contain("<img").And.Not.Contain("</details><details open>"));
            Assert.That(outside, Does.Not.Contain("@everyone"), "no mention outside code");
            Assert.That(outside, Does.Not.Contain("[click](https"), "no link outside code");
            Assert.That(markdown, Does.Contain("`````diff\n"), "a fence longer than the four backticks in the output");
            Assert.That(Regex.Matches(outside, "^<details>", RegexOptions.Multiline).Count, Is.EqualTo(Regex.Matches(outside, "^</details>$", RegexOptions.Multiline).Count));
        });
    }

    [Test]
    public void Ansi_escapes_and_nul_are_shown_not_sent()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Everything());

        Assert.Multiple(() =>
        {
            Assert.That(markdown.IndexOfAny(['\0', '\u001b', '\u0007', '\u0085', '\u202E']), Is.EqualTo(-1));
            Assert.That(markdown, Does.Contain("\\u001B[31mALERT"), "the diff, as the engine escapes outside text");
            Assert.That(markdown, Does.Contain("⟨U+202E⟩"));
        });
    }

    [Test]
    public void Unicode_is_kept()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Everything());

        Assert.That(markdown, Does.Contain("Ünïcödé 日本語 Ελληνικά עברית 🙂👍🏽"));
    }

    [Test]
    public void A_five_megabyte_output_is_cut_and_the_report_stays_under_the_step_summary_limit()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Everything());

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(MarkdownReport.DefaultMaxBytes));
            Assert.That(markdown, Does.Contain("more characters not shown"));
        });
    }

    [Test]
    public void A_run_too_large_for_one_summary_is_truncated_with_a_note_saying_how_many_cases_are_missing()
    {
        var results = Enumerable.Range(0, 30_000)
            .Select(i => ReportSamples.Result($"case-{i:D5}", i % 3 == 0 ? CaseOutcome.Changed : CaseOutcome.Unchanged, "same text " + i, i % 3 == 0 ? "other text " + i : "same text " + i))
            .ToList();

        var markdown = MarkdownReport.Render(ReportSamples.Build(results));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(MarkdownReport.DefaultMaxBytes));
            Assert.That(markdown, Does.Match(@"> \[!NOTE\]\n> This summary was cut to stay under GitHub's 1 MiB limit: \d+ cases are not listed"));
            Assert.That(OutsideFences(markdown), Does.Not.Match("^<details>(?![\\s\\S]*</details>)"), "every collapsed section is closed");
        });
    }

    [Test]
    public void Many_suites_tags_and_cases_stay_under_one_mebibyte_over_all_sections_with_the_headline_first_and_a_note()
    {
        var results = Enumerable.Range(0, 24_000)
            .Select(i => ReportSamples.Result($"case-{i:D5}", i % 2 == 0 ? CaseOutcome.Changed : CaseOutcome.Unchanged, "same text " + i, i % 2 == 0 ? "other text " + i : "same text " + i) with
            {
                Suite = $"suite-{i % 12_000:D5}-with-a-rather-long-name",
                Tags = [$"tag-{i % 4_000}", "smoke"],
            })
            .ToList();

        var markdown = MarkdownReport.Render(ReportSamples.Build(results));

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(1_048_576).And.LessThanOrEqualTo(MarkdownReport.DefaultMaxBytes));
            Assert.That(markdown, Does.StartWith("## ❌ LlmGuard: gate failed"));
            Assert.That(markdown, Does.Match(@"> \[!NOTE\]\n> This summary was cut to stay under GitHub's 1 MiB limit: \d+ cases are not listed"));
            Assert.That(markdown, Does.Contain("### Cases to review (the first 20 of 12000)"), "later sections still fit after a table that did not");
            Assert.That(OutsideFences(markdown), Does.Not.Match("^<details>(?![\\s\\S]*</details>)"), "every collapsed section is closed");
        });
    }

    [Test]
    public void Case_ids_tags_gate_rules_and_environment_text_form_no_links_html_or_extra_table_cells()
    {
        var hostile = new[] { "https://evil.example/x", "www.evil.example", "[x](http://evil.example)", "<script>alert(1)</script>", "a|b|c", "`code`", "mail@evil.example", "mailto:a@evil.example" };
        var sample = ReportSamples.Build([
            ReportSamples.Result("www.evil.example", CaseOutcome.Changed, "a", "b") with { Tags = hostile },
            ReportSamples.Result("ok", CaseOutcome.Unchanged, "a", "a") with { Tags = hostile },
        ]);
        var report = sample with
        {
            Environment = sample.Environment with { ToolVersion = "[v](https://evil.example) www.evil.example", Runtime = "*bold* <b>x</b>" },
            Suites = [.. sample.Suites.Select(suite => suite with
            {
                Gate = suite.Gate with { Rules = [new ReportGateRule("critical_tags", new System.Text.Json.Nodes.JsonArray([.. hostile.Select(tag => (System.Text.Json.Nodes.JsonNode?)tag)])), new ReportGateRule("x|y <z>", null)] },
            })],
        };

        var markdown = MarkdownReport.Render(report);
        var html = Markdown.ToHtml(markdown, new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<a "), "no link, autolink or mail link");
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<b>").And.Not.Contain("<strong>bold"));
            Assert.That(html, Does.Contain("https://evil.example/x").And.Contain("www.evil.example"), "the text itself is kept");
            foreach (Match table in Regex.Matches(html, "<table>.*?</table>", RegexOptions.Singleline))
            {
                var header = Regex.Matches(Regex.Match(table.Value, "<thead>.*?</thead>", RegexOptions.Singleline).Value, "<th[ >]").Count;
                var rows = Regex.Matches(table.Value, "<tr>(.*?)</tr>", RegexOptions.Singleline).Skip(1).Select(row => Regex.Matches(row.Value, "<td[ >]").Count);
                Assert.That(rows, Has.All.EqualTo(header), table.Value);
            }
        });
    }

    [Test]
    public void A_passing_run_says_so_first()
    {
        var markdown = MarkdownReport.Render(ReportSamples.Build([ReportSamples.Result("ok", CaseOutcome.Unchanged, "a", "a")]));

        Assert.That(markdown, Does.StartWith("## ✅ LlmGuard: gate passed\n\n**Exit code 0** · 1 case: 1 unchanged"));
    }

    [TestCase("*a* _b_ [c](d) <e> & | @f #g `h` ~i~ \\j", "\\*a\\* \\_b\\_ \\[c\\](d) &lt;e&gt; &amp; \\| &#64;f \\#g \\`h\\` \\~i\\~ \\\\j")]
    [TestCase("- item", "\\- item")]
    [TestCase("1. item", "1\\. item")]
    [TestCase("line\nbreak", "line break")]
    public void Inline_text_is_escaped(string text, string expected)
    {
        Assert.That(MarkdownText.Inline(text), Is.EqualTo(expected));
    }

    /// <summary>The Markdown with every fenced block removed (fences of three or more backticks, closed by one at least as long).</summary>
    private static string OutsideFences(string markdown)
    {
        var builder = new StringBuilder();
        string? fence = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (fence is null && FenceOpen().Match(line) is { Success: true } open)
            {
                fence = open.Groups[1].Value;
            }
            else if (fence is not null && line.StartsWith(fence, StringComparison.Ordinal) && line.Trim('`').Length == 0)
            {
                fence = null;
            }
            else if (fence is null)
            {
                builder.Append(line).Append('\n');
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex("^(`{3,})[a-z]*$")]
    private static partial Regex FenceOpen();
}
