using System.Text.Json.Nodes;
using LlmGuard.Gating;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Reporting;

public sealed class JsonLinesResultWriterTests
{
    [Test]
    public void Each_case_is_one_line_of_snake_case_json_with_every_field()
    {
        var lines = Write(writer => writer.Write(ReportTestData.Changed));

        Assert.That(lines, Has.Length.EqualTo(1));
        var expected = JsonNode.Parse("""
            {
              "type": "case", "format": 1, "suite": "capitals", "case": "spain", "outcome": "changed",
              "summary": "output differs from the verified snapshot", "tags": ["geo", "smoke"], "intended": false, "request": "sha256:req",
              "provider": null, "model": null, "resolved_model": "m-2", "digest": "sha256:d2", "system_fingerprint": "fp_2", "same_weights": null,
              "identity_changes": [
                { "field": "resolved_model", "recorded": "m-1", "current": "m-2", "gating": true, "expected": false },
                { "field": "system_fingerprint", "recorded": "fp_1", "current": null, "gating": false, "expected": false }
              ],
              "assertion_failures": [], "failure": null, "deciding_step": null, "ladder": [], "agreement": null, "pass_rates": null,
              "stability": null, "repeats": [], "output": "Madrid, of course.",
              "verified": "/snapshots/capitals/spain.verified.txt", "received": "/snapshots/capitals/spain.received.txt",
              "duration_ms": 12.3, "tool_calls": [], "usage": null, "estimated_cost": null, "baseline": null, "likelihood": null
            }
            """);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(lines[0]), expected), Is.True, lines[0]);
    }

    [Test]
    public void Tool_calls_tokens_cost_baseline_and_likelihood_are_written_for_reports()
    {
        var result = ReportTestData.Changed with
        {
            ToolCalls = [new ToolCall("get_weather", "{\"city\":\"Paris\"}"), new ToolCall("get_time", "{\"zone\":") { ArgumentsValid = false }],
            Usage = new TokenUsage(19, 10),
            EstimatedCost = 0.0001475,
            Baseline = new BaselineFigures { Model = "gpt-4o-2024-08-06", Usage = new TokenUsage(19, 8, Estimated: true), EstimatedCost = 0.0001275 },
            Likelihood = new LikelihoodDrift { Tokens = 8, BaselineMeanLogProbability = -1.5, CandidateMeanLogProbability = -1.75, MeanKlDivergence = 0.25, Method = "teacher-forced" },
        };

        var line = JsonNode.Parse(Write(writer => writer.Write(result)).Single())!;

        var expected = JsonNode.Parse("""
            {
              "tool_calls": [
                { "name": "get_weather", "arguments": "{\"city\":\"Paris\"}", "arguments_valid": true },
                { "name": "get_time", "arguments": "{\"zone\":", "arguments_valid": false }
              ],
              "usage": { "input_tokens": 19, "output_tokens": 10, "estimated": false },
              "estimated_cost": 0.0001475,
              "baseline": { "model": "gpt-4o-2024-08-06", "input_tokens": 19, "output_tokens": 8, "estimated": true, "estimated_cost": 0.0001275 },
              "likelihood": { "tokens": 8, "baseline_mean_log_probability": -1.5, "candidate_mean_log_probability": -1.75, "shift": -0.25, "mean_kl_divergence": 0.25, "method": "teacher-forced" }
            }
            """)!.AsObject();
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in expected)
            {
                Assert.That(JsonNode.DeepEquals(line[key], value), Is.True, $"{key}: {line[key]?.ToJsonString()}");
            }
        });
    }

    [Test]
    public void Assertion_failures_and_provider_failures_are_written_with_their_parts()
    {
        var lines = Write(writer =>
        {
            writer.Write(ReportTestData.AssertionFailed);
            writer.Write(ReportTestData.ProviderError);
        });

        var assertion = JsonNode.Parse(lines[0])!;
        var error = JsonNode.Parse(lines[1])!;
        Assert.Multiple(() =>
        {
            Assert.That(assertion["outcome"]!.GetValue<string>(), Is.EqualTo("assertion-failed"));
            Assert.That(JsonNode.DeepEquals(assertion["assertion_failures"], JsonNode.Parse("""[{ "assertion": "contains", "message": "contains 'Rome': not found in 'Milan.'" }]""")), Is.True, lines[0]);
            Assert.That(JsonNode.DeepEquals(error["failure"], JsonNode.Parse("""{ "kind": "http", "status_code": 503, "message": "Service Unavailable", "source": "model" }""")), Is.True, lines[1]);
            Assert.That(error["received"], Is.Null);
        });
    }

    [Test]
    public void The_verdict_is_one_line_with_per_suite_counts_by_outcome_name()
    {
        var verdict = new RunVerdict(
            [new SuiteVerdict("capitals", new Dictionary<CaseOutcome, int> { [CaseOutcome.Unchanged] = 2, [CaseOutcome.AssertionFailed] = 1 }, false, ["1 case has failing assertions"], false, [])],
            Interrupted: false,
            Orphans: ["/snapshots/old/gone.verified.txt"]);

        var lines = Write(writer => writer.Write(verdict));

        var expected = JsonNode.Parse("""
            {
              "type": "verdict", "format": 1, "passed": false, "exit_code": 1, "interrupted": false,
              "suites": [{
                "suite": "capitals", "passed": false, "reasons": ["1 case has failing assertions"], "counts": { "unchanged": 2, "assertion-failed": 1 },
                "rules": [], "model_change": null, "same_weights": null, "changed_cases": [], "intended_changes": [], "differing_outputs": 0,
                "equivalent_by_step": {}, "agreement": null, "statistics": null, "figures": null
              }],
              "orphans": ["/snapshots/old/gone.verified.txt"]
            }
            """);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(lines.Single()), expected), Is.True, lines.Single());
    }

    [Test]
    public void A_repeated_candidate_case_carries_its_ladder_runs_stability_and_pass_rates()
    {
        var line = JsonNode.Parse(Write(writer => writer.Write(ReportTestData.JudgedEquivalent)).Single())!;

        Assert.Multiple(() =>
        {
            Assert.That(line["outcome"]!.GetValue<string>(), Is.EqualTo("judged-equivalent"));
            Assert.That(line["provider"]!.GetValue<string>(), Is.EqualTo("openai"));
            Assert.That(line["model"]!.GetValue<string>(), Is.EqualTo("gpt-4.1-2025-04-14"));
            Assert.That(line["identity_changes"]![0]!["expected"]!.GetValue<bool>(), Is.True);
            Assert.That(JsonNode.DeepEquals(line["deciding_step"], JsonNode.Parse("""
                { "step": "extract", "verdict": "equivalent", "detail": "final-number: '42' in both", "score": null, "threshold": null, "model": null, "votes": [], "calls": 0, "cached_calls": 0 }
                """)), Is.True, line.ToJsonString());
            Assert.That(line["ladder"]!.AsArray().Select(step => step!["step"]!.GetValue<string>()), Is.EqualTo(new[] { "exact", "extract" }));
            Assert.That(JsonNode.DeepEquals(line["stability"], JsonNode.Parse("""{ "runs": 2, "distinct_outputs": 1, "tarr": 1, "tara": 1, "distinct_answers": 1 }""")), Is.True);
            Assert.That(JsonNode.DeepEquals(line["pass_rates"], JsonNode.Parse("""{ "baseline": 1, "candidate": 1 }""")), Is.True);
            Assert.That(line["repeats"]!.AsArray().Select(run => run!["output"]!.GetValue<string>()), Is.EqualTo(new[] { "The total is 42.", "The total is 42." }));
            Assert.That(line["repeats"]![1]!["seed"]!.GetValue<long>(), Is.EqualTo(77));
            Assert.That(line["output"]!.GetValue<string>(), Is.EqualTo("The total is 42."));
        });
    }

    [Test]
    public void The_verdict_lists_every_rule_and_the_paired_statistics()
    {
        var comparison = LlmGuard.Statistics.PairedTest.Compare([("a", 1, 0), ("b", 1, 1), ("c", 0, 1)], 0.05)!;
        var verdict = new RunVerdict(
            [new SuiteVerdict("capitals", new Dictionary<CaseOutcome, int> { [CaseOutcome.Changed] = 1 }, true, [], false, [])
            {
                Rules = [new GateRuleResult("max_changed_share", true, "1 of 3 cases changed (33.3%)", "at most 50% (1 case)") { Cases = ["a"] }],
                Statistics = comparison,
                ModelChange = new IdentityChange("model", "openai/a", "openai/b", Gating: false) { Expected = true },
                SameWeights = false,
                ChangedCases = ["a"],
                IntendedChanges = ["c"],
            }],
            Interrupted: false,
            Orphans: []);

        var suite = JsonNode.Parse(Write(writer => writer.Write(verdict)).Single())!["suites"]![0]!;

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(suite["rules"], JsonNode.Parse("""
                [{ "rule": "max_changed_share", "held": true, "figure": "1 of 3 cases changed (33.3%)", "limit": "at most 50% (1 case)", "note": null, "cases": ["a"] }]
                """)), Is.True, suite.ToJsonString());
            Assert.That(JsonNode.DeepEquals(suite["model_change"], JsonNode.Parse("""{ "recorded": "openai/a", "current": "openai/b" }""")), Is.True);
            Assert.That(suite["statistics"]!["regressions"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(suite["statistics"]!["improvements"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(suite["statistics"]!["verdict"]!.GetValue<string>(), Is.EqualTo("underpowered"));
            Assert.That(suite["statistics"]!["regressed_cases"]![0]!.GetValue<string>(), Is.EqualTo("a"));
            Assert.That(suite["intended_changes"]![0]!.GetValue<string>(), Is.EqualTo("c"));
        });
    }

    [Test]
    public void Every_record_is_flushed_at_once_so_a_killed_run_keeps_the_finished_cases()
    {
        using var stream = new MemoryStream();
        using var writer = new JsonLinesResultWriter(new StreamWriter(stream) { AutoFlush = false });

        writer.Write(ReportTestData.Changed);
        var written = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(written, Does.EndWith("\n").And.Not.Contain("\r"));
            Assert.That(JsonNode.Parse(written)!["case"]!.GetValue<string>(), Is.EqualTo("spain"));
        });
    }

    [Test]
    public void Dispose_closes_the_underlying_writer()
    {
        var text = new StringWriter();
        new JsonLinesResultWriter(text).Dispose();

        Assert.That(() => text.Write("x"), Throws.TypeOf<ObjectDisposedException>());
    }

    private static string[] Write(Action<JsonLinesResultWriter> write)
    {
        var text = new StringWriter();
        using (var writer = new JsonLinesResultWriter(text))
        {
            write(writer);
        }

        var output = text.ToString();
        Assert.That(output, Does.EndWith("\n"));
        return output.TrimEnd('\n').Split('\n');
    }
}
