using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LlmGuard.Reporting;
using LlmGuard.Results;

namespace LlmGuard.Tests.Reporting;

public sealed partial class HtmlReportTests
{
    private static readonly Lazy<string> Everything = new(() => HtmlReport.Render(ReportSamples.Everything()));

    [Test]
    public void The_page_is_self_contained_and_runs_only_its_own_script()
    {
        var html = Everything.Value;

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(html, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1));
            Assert.That(Regex.Matches(html, "<style", RegexOptions.IgnoreCase), Has.Count.EqualTo(1));
            Assert.That(html, Does.Not.Match("(src|href)=\"(https?:)?//"), "nothing is fetched");
            var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
            var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
            Assert.That(html, Does.Contain($"script-src '{Hash(script)}'").And.Contain($"style-src '{Hash(style)}'").And.Contain("default-src 'none'"));
        });
    }

    [Test]
    public void Hostile_outputs_render_as_text()
    {
        var html = Everything.Value;

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<img src=x").And.Not.Contain("</details><details open>"));
            Assert.That(html, Does.Contain("&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;"));
            Assert.That(html.IndexOfAny(['\0', '\u001b', '\u0007', '\u202E']), Is.EqualTo(-1));
            Assert.That(html, Does.Contain("␛[31mALERT"));
        });
    }

    [Test]
    public void Every_case_is_one_collapsed_entry_with_the_data_the_filters_read()
    {
        var html = Everything.Value;
        var entries = CaseEntry().Matches(html);

        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(ReportSamples.EveryResult().Count));
            Assert.That(entries.Select(entry => entry.Groups["outcome"].Value).Distinct(), Is.SupersetOf(Enum.GetValues<CaseOutcome>().Select(o => o.ToName())));
            Assert.That(html, Does.Contain("data-tags=\"geo\nsmoke\""));
            foreach (var id in new[] { "filter-outcome", "filter-suite", "filter-tag", "filter-gate", "search" })
            {
                Assert.That(html, Does.Contain($"id=\"{id}\""));
            }
        });
    }

    [Test]
    public void A_changed_line_marks_the_changed_words_side_by_side()
    {
        var html = HtmlDiff.SideBySide("The capital of Spain is Madrid.\nsame", "The capital of Spain is Barcelona.\nsame", "before", "after");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("The capital of Spain is <del class=\"w\">Madrid</del>."));
            Assert.That(html, Does.Contain("The capital of Spain is <ins class=\"w\">Barcelona</ins>."));
            Assert.That(Regex.Matches(html, "<tr>"), Has.Count.EqualTo(3), "a header row and two paired lines");
        });
    }

    [Test]
    public void Gate_rules_identity_changes_and_environment_are_shown()
    {
        var html = Everything.Value;

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<section id=\"gate\">").And.Contain("max_changed_share").And.Contain("critical_tags"));
            Assert.That(html, Does.Contain("<section id=\"identity\">").And.Contain("system_fingerprint"));
            Assert.That(html, Does.Contain("https://models.example.invalid/v1?***").And.Not.Contain("secret@"));
            Assert.That(html, Does.Contain("candidate model candidate-1"));
        });
    }

    [Test]
    public void A_five_megabyte_output_is_cut_with_a_note()
    {
        var html = Everything.Value;

        Assert.Multiple(() =>
        {
            Assert.That(html.Length, Is.LessThan(2_000_000));
            Assert.That(html, Does.Contain("more characters not shown").And.Contain("characters of each side are compared here"));
        });
    }

    [Test]
    public void Ids_tags_and_every_other_outside_string_are_escaped_in_text_attributes_and_filter_data()
    {
        const string Hostile = "x\"'><script>alert(1)</script>";
        var sample = ReportSamples.Everything();
        var suiteId = sample.Suites[0].Id;
        var report = sample with
        {
            Environment = sample.Environment with
            {
                Mode = Hostile, CandidateModel = Hostile, Shard = Hostile, ToolVersion = Hostile, Runtime = Hostile, Os = Hostile, MergedFrom = [Hostile],
            },
            Verdict = sample.Verdict with { Counts = new Dictionary<string, int> { [Hostile] = 1 } },
            Suites = [.. sample.Suites.Select(suite => suite.Id != suiteId ? suite : suite with
            {
                Id = Hostile,
                File = Hostile,
                Target = suite.Target with { Provider = Hostile, Model = Hostile, Endpoint = Hostile, Deployment = Hostile, Parameters = new Dictionary<string, string> { [Hostile] = Hostile } },
                Gate = suite.Gate with { Reasons = [Hostile], Rules = [new ReportGateRule(Hostile, System.Text.Json.Nodes.JsonValue.Create(Hostile))], Outcomes = new Dictionary<string, string> { [Hostile] = Hostile } },
                Counts = new Dictionary<string, int> { [Hostile] = 1 },
                IdentityChanges = [new ReportIdentityChange(Hostile, Hostile, Hostile)],
            })],
            Cases = [.. sample.Cases.Select(reportCase => reportCase.Suite != suiteId ? reportCase : reportCase with
            {
                Suite = Hostile, Case = Hostile + reportCase.Case, Tags = [Hostile, "plain"], Outcome = Hostile, Gate = Hostile, RequestFingerprint = Hostile,
                Identity = new ReportIdentity(Hostile, Hostile, Hostile), Verified = Hostile, Received = Hostile,
                Failure = new ReportFailure(Hostile, Hostile), AssertionFailures = [new ReportAssertionFailure(Hostile, Hostile)],
            })],
            Orphans = [Hostile],
        };

        var html = HtmlReport.Render(report);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("\"'>").And.Not.Contain("<script>alert"), "no raw quote-closing or script sequence");
            Assert.That(Regex.Matches(html, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1), "only the page's own script");
            Assert.That(Regex.Matches(html, "[a-z-]+=\"[^\"<>]*\"[^\\s>/]"), Is.Empty, "every attribute value ends where the writer ended it");
            Assert.That(html, Does.Contain("data-suite=\"x&quot;&#x27;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
            Assert.That(html, Does.Contain("<dt>suite x&quot;&#x27;&gt;&lt;script&gt;"), "the environment's suite line");
        });
    }

    [Test]
    public void A_long_answer_with_too_many_changed_lines_is_shown_without_a_line_diff_and_marked_truncated()
    {
        var baseline = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"a{i}\n"));
        var output = string.Concat(Enumerable.Range(0, 30_000).Select(i => $"b{i}\n"));

        var html = HtmlReport.Render(ReportSamples.Build([ReportSamples.Result("long-lines", CaseOutcome.Changed, baseline, output)]));

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Diff truncated: ").And.Contain("lines differ, more than the 4,000 compared line by line"));
            Assert.That(html, Does.Not.Contain("<table class=\"diff\">"), "no line diff");
            Assert.That(html, Does.Contain("a0\na1\n").And.Contain("b0\nb1\n"), "both texts are shown");
        });
    }

    [Test]
    public void A_long_changed_line_is_marked_as_a_whole_and_the_diff_marked_truncated()
    {
        var baseline = string.Join(' ', Enumerable.Range(0, 15_000).Select(i => $"a{i}")) + "\nsame";
        var output = string.Join(' ', Enumerable.Range(0, 15_000).Select(i => $"b{i}")) + "\nsame";

        var html = HtmlDiff.SideBySide(baseline, output, "before", "after");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("Diff truncated: changed words are not marked in lines longer than 2,000 characters"));
            Assert.That(Regex.Matches(html, "<(del|ins) class=\"w\">"), Has.Count.EqualTo(2), "each side's line is one mark");
            Assert.That(html, Does.Contain("<del class=\"w\">a0 a1 a2 "));
        });
    }

    [Test]
    public void Short_changed_lines_keep_their_word_marks_and_no_truncation_note()
    {
        var html = HtmlDiff.SideBySide("one two three", "one TWO three", "before", "after");

        Assert.That(html, Does.Contain("<ins class=\"w\">TWO</ins>").And.Not.Contain("Diff truncated"));
    }

    [Test]
    public void A_run_whose_outputs_add_up_to_more_than_two_billion_characters_renders()
    {
        var output = new string('x', 11_000_000);
        var results = Enumerable.Range(0, 200).Select(i => ReportSamples.Result("huge-new", CaseOutcome.New, null, output) with { Case = $"huge-{i}" }).ToList();

        var html = HtmlReport.Render(ReportSamples.Build(results));

        Assert.Multiple(() =>
        {
            Assert.That(200L * output.Length, Is.GreaterThan(int.MaxValue), "the sum that overflowed the builder's presizing");
            Assert.That(Regex.Matches(html, "more characters not shown"), Has.Count.EqualTo(200));
        });
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("<details class=\"case\" data-outcome=\"(?<outcome>[^\"]*)\"")]
    private static partial Regex CaseEntry();
}
