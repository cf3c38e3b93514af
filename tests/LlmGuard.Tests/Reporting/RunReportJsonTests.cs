using System.Text.Json.Nodes;
using LlmGuard.Reporting;
using LlmGuard.Results;
using NJsonSchema;

namespace LlmGuard.Tests.Reporting;

public sealed class RunReportJsonTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFileAsync(Path.Combine(RepositoryRoot.Path, "docs", "results.schema.json")).GetAwaiter().GetResult());

    [Test]
    public void The_json_written_for_every_class_and_hostile_outputs_validates_against_the_documented_schema()
    {
        var json = RunReportJson.Write(ReportSamples.Everything());

        var errors = Schema.Value.Validate(json);

        Assert.That(errors.Select(error => $"{error.Path}: {error.Kind}"), Is.Empty);
    }

    [Test]
    public void The_schema_rejects_what_the_model_does_not_allow()
    {
        var report = JsonNode.Parse(RunReportJson.Write(ReportSamples.Everything()))!;
        report["cases"]![0]!["outcome"] = "exploded";
        report["verdict"]!["surprise"] = true;

        var errors = Schema.Value.Validate(report.ToJsonString());

        Assert.That(errors, Has.Count.GreaterThanOrEqualTo(2));
    }

    [Test]
    public void The_schema_lists_every_outcome_the_engine_has()
    {
        var outcomes = Schema.Value.Definitions["outcome"].Enumeration.Select(value => value?.ToString());

        Assert.That(outcomes, Is.EqualTo(Enum.GetValues<CaseOutcome>().Select(outcome => outcome.ToName())), "add a new outcome to docs/results.schema.json");
    }

    [Test]
    public void A_report_reads_back_as_written()
    {
        var report = ReportSamples.Everything();
        var json = RunReportJson.Write(report);

        var read = RunReportJson.Read(json, "results.json");

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(RunReportJson.Write(read)), JsonNode.Parse(json)), Is.True, "a lone surrogate is written as U+FFFD, nothing else changes");
            Assert.That(read.Cases.Single(c => c.Case == "huge").Output, Has.Length.GreaterThan(5_000_000), "the JSON keeps whole outputs");
            Assert.That(read.Cases.Single(c => c.Case == "ansi-nul").Output, Does.Contain("\0").And.Contain("\u001b[31m"), "the JSON keeps outputs verbatim, escaped");
        });
    }

    [Test]
    public void The_endpoint_loses_its_credentials()
    {
        var json = RunReportJson.Write(ReportSamples.Everything());

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Not.Contain("secret").And.Not.Contain("sk-abcdefghijkl"));
            Assert.That(json, Does.Contain("\"endpoint\": \"https://models.example.invalid/v1?***\""));
        });
    }

    [TestCase("{\"type\":\"case\",\"format\":1,\"suite\":\"a\"}\n{\"type\":\"verdict\"}\n", "JSON Lines results stream")]
    [TestCase("{\"format\":\"something-else\",\"version\":1}", "not an LlmGuard results file")]
    [TestCase("{\"format\":\"llmguard-results\",\"version\":99}", "newer than this LlmGuard reads")]
    [TestCase("{\n  \"format\": \"llmguard-results\",\n  \"version\": 1,\n  oops\n}", "results.json:4:")]
    [TestCase("{\"format\":\"llmguard-results\",\"version\":1}", "results.json: ")]
    public void A_file_that_is_not_a_readable_report_is_refused_with_the_reason(string json, string expected)
    {
        Assert.That(() => RunReportJson.Read(json, "results.json"), Throws.TypeOf<InvalidDataException>().With.Message.Contains(expected));
    }
}
