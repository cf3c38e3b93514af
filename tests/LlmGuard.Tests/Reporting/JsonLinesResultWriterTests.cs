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
              "summary": "output differs from the verified snapshot", "tags": ["geo", "smoke"], "request": "sha256:req",
              "resolved_model": "m-2", "digest": "sha256:d2", "system_fingerprint": "fp_2",
              "identity_changes": [
                { "field": "resolved_model", "recorded": "m-1", "current": "m-2", "gating": true },
                { "field": "system_fingerprint", "recorded": "fp_1", "current": null, "gating": false }
              ],
              "assertion_failures": [], "failure": null,
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
            Assert.That(JsonNode.DeepEquals(error["failure"], JsonNode.Parse("""{ "kind": "http", "status_code": 503, "message": "Service Unavailable" }""")), Is.True, lines[1]);
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
              "suites": [{ "suite": "capitals", "passed": false, "reasons": ["1 case has failing assertions"], "counts": { "unchanged": 2, "assertion-failed": 1 }, "figures": null }],
              "orphans": ["/snapshots/old/gone.verified.txt"]
            }
            """);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(lines.Single()), expected), Is.True, lines.Single());
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
