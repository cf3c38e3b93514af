using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using NJsonSchema;

namespace LlmGuard.Tests.Reporting;

/// <summary>What every format shows of a candidate run's drift results (the <c>drift</c> suite of <see cref="ReportSamples"/>).</summary>
public sealed partial class DriftReportTests
{
    private static readonly Lazy<RunReport> Report = new(ReportSamples.Everything);
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFileAsync(Path.Combine(RepositoryRoot.Path, "docs", "results.schema.json")).GetAwaiter().GetResult());

    [Test]
    public void The_json_holds_each_cases_ladder_stability_likelihood_tool_calls_and_cost()
    {
        var cases = JsonNode.Parse(RunReportJson.Write(Report.Value))!["cases"]!.AsArray().ToDictionary(node => $"{node!["suite"]}/{node["case"]}");
        var reworded = cases["drift/reworded"]!;
        var flaky = cases["drift/flaky"]!;
        var tool = cases["drift/weather-tool"]!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)reworded["deciding_step"]!["step"], Is.EqualTo("judge"));
            Assert.That((string?)reworded["deciding_step"]!["verdict"], Is.EqualTo("equivalent"));
            Assert.That((double)reworded["deciding_step"]!["score"]!, Is.EqualTo(2.0 / 3).Within(1e-12));
            Assert.That((string?)reworded["deciding_step"]!["model"], Is.EqualTo("gpt-judge"));
            Assert.That(reworded["deciding_step"]!["votes"]!.AsArray().Select(vote => (string?)vote!["reason"]), Is.EqualTo(new[] { ReportSamples.HostileReason, ReportSamples.MarkdownInjection, "drops the date" }));
            Assert.That(((int)reworded["deciding_step"]!["calls"]!, (int)reworded["deciding_step"]!["cached_calls"]!), Is.EqualTo((3, 1)));
            Assert.That(reworded["ladder"]!.AsArray().Select(step => (string?)step!["step"]), Is.EqualTo(new[] { "exact", "judge" }));
            Assert.That((bool)reworded["identity_changes"]![1]!["expected"]!, Is.True);
            Assert.That((bool)reworded["same_weights"]!, Is.False);
            Assert.That((double)reworded["estimated_cost"]!, Is.EqualTo(0.0002));
            Assert.That((long)reworded["baseline_figures"]!["output_tokens"]!, Is.EqualTo(25));
            Assert.That((bool)cases["drift/new-tone"]!["intended"]!, Is.True);
            Assert.That(((int)flaky["stability"]!["runs"]!, (int)flaky["stability"]!["distinct_outputs"]!), Is.EqualTo((3, 2)));
            Assert.That((double)flaky["stability"]!["tarr"]!, Is.EqualTo(2.0 / 3).Within(1e-12));
            Assert.That((double)flaky["stability"]!["tara"]!, Is.EqualTo(1));
            Assert.That((double)flaky["agreement"]!, Is.EqualTo(2.0 / 3).Within(1e-12));
            Assert.That(flaky["repeats"]!.AsArray().Select(run => (long?)run!["seed"]), Is.EqualTo(new long?[] { 11, 12, 13 }));
            Assert.That((double)flaky["pass_rates"]!["candidate"]!, Is.EqualTo(2.0 / 3).Within(1e-12));
            Assert.That((string?)tool["tool_calls"]![0]!["arguments"], Is.EqualTo(ReportSamples.HostileArguments));
            Assert.That((bool)tool["tool_calls"]![1]!["arguments_valid"]!, Is.False);
            Assert.That((string?)tool["diff"], Does.Contain("tool calls (strict match)"));
            Assert.That((double)cases["drift/steady"]!["likelihood"]!["shift"]!, Is.EqualTo(-0.8).Within(1e-12));
            Assert.That((double)cases["drift/steady"]!["likelihood"]!["mean_kl_divergence"]!, Is.EqualTo(0.3));
        });
    }

    [Test]
    public void The_json_holds_each_suites_rules_as_applied_statistics_figures_and_changes()
    {
        var suite = JsonNode.Parse(RunReportJson.Write(Report.Value))!["suites"]!.AsArray().Single(node => (string?)node!["id"] == "drift")!;
        var applied = suite["gate"]!["rule_results"]!.AsArray().ToDictionary(rule => (string)rule!["rule"]!);

        Assert.Multiple(() =>
        {
            Assert.That((bool)suite["gate"]!["passed"]!, Is.False);
            Assert.That((bool)applied["max_output_tokens_increase"]!["held"]!, Is.False);
            Assert.That((string?)applied["max_output_tokens_increase"]!["figure"], Does.StartWith("output tokens +20% over the baseline (125 → 150 over 5 cases"));
            Assert.That((bool)applied["no_regressions"]!["held"]!, Is.False);
            Assert.That(applied["no_regressions"]!["cases"]!.AsArray().Select(node => (string?)node), Is.EqualTo(new[] { "weather-tool" }));
            Assert.That((bool)applied["max_likelihood_shift"]!["held"]!, Is.False);
            Assert.That((bool)applied["min_agreement"]!["held"]!, Is.True);
            Assert.That((bool)applied["max_cost_increase"]!["held"]!, Is.True);
            Assert.That((bool)applied["fail_on_identity_change"]!["held"]!, Is.True, "the digest changed with the requested model: expected");
            Assert.That((string?)applied["significance"]!["note"], Does.StartWith("underpowered"));
            Assert.That((string?)suite["model_change"]!["current"], Is.EqualTo("openai/gpt-new"));
            Assert.That((bool)suite["same_weights"]!, Is.False);
            Assert.That(suite["intended_changes"]!.AsArray().Select(node => (string?)node), Is.EqualTo(new[] { "new-tone" }));
            Assert.That(suite["changed_cases"]!.AsArray().Select(node => (string?)node), Is.EqualTo(new[] { "weather-tool" }));
            Assert.That((int)suite["equivalent_by_step"]!["judge"]!, Is.EqualTo(1));
            Assert.That((double)suite["agreement"]!, Is.EqualTo(4.0 / 6).Within(1e-12));
            Assert.That((int)suite["statistics"]!["regressions"]!, Is.EqualTo(1));
            Assert.That((string?)suite["statistics"]!["verdict"], Is.EqualTo("underpowered"));
            Assert.That((bool)suite["statistics"]!["underpowered"]!, Is.True);
            Assert.That((string?)suite["statistics"]!["description"], Does.Contain("exact McNemar p = ").And.Contain("underpowered"));
            Assert.That((double)suite["gate"]!["rules"]!.AsArray().Single(rule => (string?)rule!["name"] == "max_changed_share_by_tag")!["value"]!["billing"]!, Is.EqualTo(0.25));
            Assert.That((double)suite["figures"]!["output_tokens_increase"]!, Is.EqualTo(0.2).Within(1e-12));
            Assert.That((double)suite["figures"]!["latency_p95_ms"]!, Is.EqualTo(12.5));
            Assert.That((double)suite["figures"]!["largest_likelihood_shift"]!, Is.EqualTo(-0.8).Within(1e-12));
        });
    }

    [Test]
    public void Every_gate_setting_is_written_and_read_back_so_a_merge_gates_with_the_whole_policy()
    {
        var read = RunReportJson.Read(RunReportJson.Write(Report.Value), "results.json");
        var suite = read.Suites.Single(candidate => candidate.Id == "drift");

        var gate = ReportSuites.GateWithEveryRuleOf(suite);

        Assert.Multiple(() =>
        {
            Assert.That(suite.Gate.Rules.Select(rule => rule.Name), Is.SupersetOf(new[]
            {
                "max_changed_share_by_tag", "intended_tags", "no_regressions", "min_agreement", "significance", "underpowered",
                "max_output_tokens_increase", "max_cost_increase", "max_latency_p95", "max_likelihood_shift",
            }));
            Assert.That(Text(ReportSuites.RulesOf(gate)), Is.EqualTo(Text(ReportSuites.RulesOf(ReportSamples.DriftGate))));
            Assert.That(gate.MaxLatencyP95, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });

        static string Text(IReadOnlyList<ReportGateRule> rules) => string.Join("\n", rules.Select(rule => rule.Name + "=" + rule.Value?.ToJsonString()));
    }

    [Test]
    public void A_read_report_regated_from_its_cases_gives_the_verdict_it_holds()
    {
        var read = RunReportJson.Read(RunReportJson.Write(Report.Value), "results.json");
        var suite = read.Suites.Single(candidate => candidate.Id == "drift");
        var stub = new LlmGuard.Suites.Suite { Id = "drift", Target = new() { Provider = "openai-compatible", Model = "m" }, Gate = ReportSuites.GateWithEveryRuleOf(suite), Cases = [], FilePath = "" };
        var tally = new RunTally(RunMode.Verify);
        foreach (var reportCase in read.Cases.Where(reportCase => reportCase.Suite == "drift"))
        {
            tally.Add(stub, ReportCases.ToGateInput(reportCase));
        }

        var regated = ReportSuites.WithVerdict(suite, tally.Verdict(interrupted: false, []).Suites.Single());

        Assert.That(RunReportJson.Write(read with { Suites = [regated] }), Is.EqualTo(RunReportJson.Write(read with { Suites = [suite] })));
    }

    [TestCase("deciding_step")]
    [TestCase("stability")]
    [TestCase("statistics")]
    [TestCase("rule_results")]
    public void The_schema_refuses_drift_fields_it_does_not_describe(string field)
    {
        var report = JsonNode.Parse(RunReportJson.Write(Report.Value))!;
        var reworded = report["cases"]!.AsArray().Single(node => (string?)node!["case"] == "reworded")!;
        var drift = report["suites"]!.AsArray().Single(node => (string?)node!["id"] == "drift")!;
        Assert.That(Schema.Value.Validate(report.ToJsonString()), Is.Empty, "valid before the change");
        switch (field)
        {
            case "deciding_step": reworded["deciding_step"]!["step"] = "vibes"; break;
            case "stability": reworded["stability"] = new JsonObject { ["runs"] = 2 }; break;
            case "statistics": drift["statistics"]!["verdict"] = "Maybe"; break;
            default: drift["gate"]!["rule_results"]![0]!["surprise"] = true; break;
        }

        Assert.That(Schema.Value.Validate(report.ToJsonString()), Is.Not.Empty);
    }

    [Test]
    public void Markdown_names_failed_rules_with_figures_the_paired_test_and_intended_changes_apart()
    {
        var markdown = MarkdownReport.Render(Report.Value);
        var plain = Unescape(markdown);
        var details = plain[plain.IndexOf("### Suite details", StringComparison.Ordinal)..plain.IndexOf("### Cases to review", StringComparison.Ordinal)];
        var review = plain[plain.IndexOf("### Cases to review", StringComparison.Ordinal)..plain.IndexOf("### Intended changes (not gated)", StringComparison.Ordinal)];
        var intended = plain[plain.IndexOf("### Intended changes (not gated)", StringComparison.Ordinal)..];

        Assert.Multiple(() =>
        {
            Assert.That(details, Does.Contain("**drift**"));
            Assert.That(details, Does.Contain("- ❌ rule max_output_tokens_increase: output tokens +20% over the baseline (125 → 150 over 5 cases); at most +10% — FAILED"));
            Assert.That(details, Does.Contain("- ❌ rule no_regressions: 1 case went from pass to fail; none allowed — FAILED: weather-tool"));
            Assert.That(details, Does.Contain("- ❌ rule max_likelihood_shift:"));
            Assert.That(details, Does.Not.Contain("rule min_agreement"), "only the rules that failed");
            Assert.That(details, Does.Contain("- paired test: 1 regression, 0 improvements of 5 cases: exact McNemar p = 1"));
            Assert.That(details, Does.Contain("underpowered: at least 5 cases must move"));
            Assert.That(details, Does.Contain("- candidate model: openai/gpt-old → openai/gpt-new; different weights (the digest changed)"));
            Assert.That(details, Does.Contain("- intended changes (not gated): new-tone"));
            Assert.That(details, Does.Contain("- changed (collateral): weather-tool"));
            Assert.That(details, Does.Contain("output tokens 125 → 150 (+20%); cost $0.0005 → $0.001 (+100%); p95 latency 0.013 s over 5 cases; likelihood measured on 1 case, largest shift -0.8000 nats/token"));
            Assert.That(review, Does.Contain("#### ❌ drift/weather-tool — changed"));
            Assert.That(review, Does.Contain("- deciding step: json (different): $.city differs"));
            Assert.That(review, Does.Contain("- tool call: get_weather(" + ReportSamples.HostileArguments + ")"));
            Assert.That(review, Does.Contain("- tool call: broken(not json " + ReportSamples.ScriptTag + ") (arguments are not a JSON object)"));
            Assert.That(review, Does.Contain("\n  + get_weather(" + ReportSamples.HostileArguments + ")\n"), "the engine's tool-call diff lines in the diff block");
            Assert.That(review, Does.Contain("#### ❌ drift/steady — unchanged"), "the likelihood moved beyond the gate's limit");
            Assert.That(review, Does.Contain("likelihood of the baseline answer (teacher-forced, 12 tokens): baseline -0.4 → candidate -1.2 nats/token (shift -0.8000, mean KL 0.3)"));
            Assert.That(review, Does.Not.Contain("drift/new-tone"), "intended changes are not among the cases to review");
            Assert.That(intended, Does.Contain("#### ℹ️ drift/new-tone — intended-change"));
            Assert.That(intended, Does.Contain("- passes: an intended change"));
            Assert.That(intended, Does.Contain("- deciding step: judge (different): " + ReportSamples.HostileDetail));
            Assert.That(intended, Does.Contain("- judge vote 1: different — " + ReportSamples.HostileReason));
            Assert.That(plain, Does.Contain("<summary>Gate rules as applied</summary>"));
        });
    }

    [Test]
    public void Markdown_keeps_hostile_step_details_judge_reasons_and_tool_arguments_inert()
    {
        var markdown = MarkdownReport.Render(Report.Value);
        var outside = OutsideFences(markdown);

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain("judge says &lt;img src=x onerror=alert(2)&gt; \\| pipe"));
            Assert.That(markdown, Does.Contain("keeps the fact &lt;script&gt;alert('owned')&lt;/script&gt; \\*\\*bold\\*\\* \\[click\\](https\\://example.invalid)"));
            Assert.That(markdown, Does.Contain("get\\_weather({\"city\"\\:\"&lt;img src=x onerror=alert(3)&gt;\"})"));
            Assert.That(outside, Does.Not.Contain("<img").And.Not.Contain("<script").And.Not.Contain("[click](https"));
            Assert.That(markdown, Does.Not.Contain("<img src=x onerror=alert(2)>"), "the step detail is never in a fence");
        });
    }

    [Test]
    public void Junit_passes_intended_unstable_and_judged_equivalent_cases_with_the_reason_and_fails_changed_ones_with_the_step_and_diff()
    {
        var document = XDocument.Parse(JunitReport.Render(Report.Value));
        var cases = document.Descendants("testcase").ToDictionary(element => (string)element.Attribute("classname")! + "/" + (string)element.Attribute("name")!);
        var suiteOut = document.Descendants("testsuite").Single(element => (string?)element.Attribute("name") == "drift").Element("system-out")!.Value;

        Assert.Multiple(() =>
        {
            foreach (var (name, reason) in new[] { ("drift/new-tone", "passed: an intended change"), ("drift/flaky", "passed: unstable"), ("drift/reworded", "passed: judged equivalent by judge: " + ReportSamples.HostileDetail) })
            {
                Assert.That(cases[name].Element("failure"), Is.Null, name);
                Assert.That(cases[name].Element("system-out")!.Value, Does.StartWith(reason), name);
            }

            Assert.That(cases["drift/flaky"].Element("system-out")!.Value, Does.Contain("stability over 3 runs: 2 distinct outputs, TARr@3 0.6667, TARa@3 1 (1 distinct answer)"));
            Assert.That(cases["drift/reworded"].Element("system-out")!.Value, Does.Contain("judge vote 2: equivalent (cached) — "));
            var failure = cases["drift/weather-tool"].Element("failure")!;
            Assert.That(failure.Attribute("type")!.Value, Is.EqualTo("changed"));
            Assert.That(failure.Attribute("message")!.Value, Is.EqualTo("changed: tool calls differ: 1 call of the snapshot not matched (deciding step: json)"));
            Assert.That(failure.Value, Does.Contain("deciding step: json (different): $.city differs").And.Contain("  + get_weather(" + ReportSamples.HostileArguments + ")"));
            Assert.That(cases["drift/steady"].Element("failure")!.Value, Does.Contain("shift -0.8000"));
            Assert.That(suiteOut, Does.Contain("rule max_output_tokens_increase: output tokens +20% over the baseline").And.Contain("— FAILED"));
            Assert.That(suiteOut, Does.Contain("rule min_agreement: 4 of 6 runs agree with the baseline (66.7%); at least 50% — held"));
            Assert.That(suiteOut, Does.Contain("paired test: 1 regression, 0 improvements of 5 cases"));
            Assert.That(suiteOut, Does.Contain("model identity changed (expected: the requested model changed): digest: sha256:old → sha256:new"));
        });
    }

    [Test]
    public void Html_filters_by_the_drift_classes_and_shows_each_cases_step_stability_likelihood_and_tool_calls()
    {
        var html = HtmlReport.Render(Report.Value);
        var select = html[html.IndexOf("id=\"filter-outcome\"", StringComparison.Ordinal)..];
        var options = OutcomeOption().Matches(select[..select.IndexOf("</select>", StringComparison.Ordinal)]).Select(match => match.Groups[1].Value).ToList();
        var reworded = CaseBody(html, "drift/reworded");
        var flaky = CaseBody(html, "drift/flaky");
        var tool = CaseBody(html, "drift/weather-tool");

        Assert.Multiple(() =>
        {
            Assert.That(options, Is.SupersetOf(new[] { "judged-equivalent", "intended-change", "unstable" }));
            Assert.That(reworded, Does.Contain("<p class=\"deciding\">deciding step: <strong>judge</strong> (equivalent): judge says &lt;img src=x onerror=alert(2)&gt; | pipe · score 0.6667 · threshold 0.5</p>"));
            Assert.That(reworded, Does.Contain("<table class=\"ladder\">").And.Contain("<td>gpt-judge</td><td class=\"num\">3 (1)</td>"));
            Assert.That(reworded, Does.Contain("<li>equivalent — keeps the fact &lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;"));
            Assert.That(reworded, Does.Contain("passes: judged equivalent by judge"));
            Assert.That(flaky, Does.Contain("stability over 3 runs: 2 distinct outputs, TARr@3 0.6667, TARa@3 1"));
            Assert.That(flaky, Does.Contain("agreement with the baseline: 66.7% of runs"));
            Assert.That(CaseBody(html, "drift/steady"), Does.Contain("likelihood of the baseline answer (teacher-forced, 12 tokens): baseline -0.4 → candidate -1.2 nats/token (shift -0.8000, mean KL 0.3)"));
            Assert.That(tool, Does.Contain("<ol class=\"tool-calls\"><li><code>get_weather</code> <code>{&quot;city&quot;:&quot;&lt;img src=x onerror=alert(3)&gt;&quot;}</code></li>"));
            Assert.That(tool, Does.Contain("(arguments are not a JSON object)"));
            Assert.That(tool, Does.Contain("output tokens: baseline 25 → this run 30; estimated cost $0.0001 → $0.0002"));
            Assert.That(html, Does.Not.Contain("<img src=x onerror=alert(2)>").And.Not.Contain("<img src=x onerror=alert(3)>"));
        });
    }

    [Test]
    public void Html_shows_each_suites_rules_as_applied_paired_test_and_figures()
    {
        var html = HtmlReport.Render(Report.Value);
        var gate = html[html.IndexOf("<h3>drift — failed</h3>", StringComparison.Ordinal)..];
        gate = gate[..gate.IndexOf("</ul>", StringComparison.Ordinal)];

        Assert.Multiple(() =>
        {
            Assert.That(gate, Does.Contain("<tr data-held=\"false\"><th>max_output_tokens_increase</th><td><span class=\"badge gate-fail\">failed</span></td><td>output tokens &#x2B;20% over the baseline"));
            Assert.That(gate, Does.Contain("<tr data-held=\"true\"><th>min_agreement</th><td><span class=\"badge gate-pass\">held</span></td>"));
            Assert.That(gate, Does.Contain("<tr data-held=\"false\"><th>no_regressions</th>").And.Contain("<td>weather-tool</td>"));
            Assert.That(gate, Does.Contain("<li>paired test: 1 regression, 0 improvements of 5 cases"));
            Assert.That(gate, Does.Contain("<li>intended changes (not gated): new-tone</li>"));
            Assert.That(gate, Does.Contain("p95 latency 0.013 s over 5 cases"));
        });
    }

    private static string Unescape(string markdown) => Regex.Replace(markdown.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal), @"\\(.)", "$1");

    /// <summary>The Markdown without its fenced blocks (a fence closes at a line of at least as many backticks).</summary>
    private static string OutsideFences(string markdown)
    {
        var outside = new List<string>();
        var fence = 0;
        foreach (var line in markdown.Split('\n'))
        {
            var ticks = line.Length - line.TrimStart('`').Length;
            if (fence == 0 && ticks >= 3)
            {
                fence = ticks;
            }
            else if (fence > 0 && ticks >= fence && line.Trim('`').Length == 0)
            {
                fence = 0;
            }
            else if (fence == 0)
            {
                outside.Add(line);
            }
        }

        return string.Join("\n", outside);
    }

    private static string CaseBody(string html, string name)
    {
        var start = html.IndexOf($"<span class=\"case-name\">{name}</span>", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), name);
        return html[start..html.IndexOf("</details>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<option value=\"([^\"]*)\">")]
    private static partial Regex OutcomeOption();
}
