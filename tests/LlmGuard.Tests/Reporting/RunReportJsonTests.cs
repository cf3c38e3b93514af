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

    [TestCase("cases", 0, "outcome", "exploded", "cases[0].outcome: 'exploded' is not an outcome")]
    [TestCase("cases", 0, "gate", "maybe", "cases[0].gate: 'maybe' is not a gate decision")]
    [TestCase("cases", 0, "suite", "../etc", "cases[0].suite: '../etc' is not a suite or case id")]
    [TestCase("cases", 0, "case", "a\u001b[2Jb", "cases[0].case: 'a\\u001B[2Jb' is not a suite or case id")]
    [TestCase("suites", 0, "id", "<script>", "suites[0].id: '<script>' is not a suite or case id")]
    public void A_crafted_value_is_refused_naming_the_field(string list, int index, string field, string value, string expected)
    {
        var report = JsonNode.Parse(RunReportJson.Write(ReportSamples.Everything()))!;
        report[list]![index]![field] = value;

        Assert.That(() => RunReportJson.Read(report.ToJsonString(), "results.json"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("results.json: " + expected));
    }

    [TestCase("suites", "'suites'")]
    [TestCase("verdict", "'verdict'")]
    [TestCase("environment", "'environment'")]
    [TestCase("version", "no valid \"version\"")]
    [TestCase("format", "not an LlmGuard results file")]
    public void A_report_missing_a_required_top_level_field_is_refused_naming_it(string field, string expected)
    {
        var report = JsonNode.Parse(RunReportJson.Write(ReportSamples.Everything()))!.AsObject();
        report.Remove(field);

        Assert.That(() => RunReportJson.Read(report.ToJsonString(), "results.json"), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("results.json: ").And.Message.Contains(expected));
    }

    [Test]
    public void Missing_or_null_required_fields_nested_records_and_list_items_are_refused_cleanly()
    {
        string Without(Action<JsonNode> change)
        {
            var report = JsonNode.Parse(RunReportJson.Write(ReportSamples.Everything()))!;
            change(report);
            return report.ToJsonString();
        }

        var withFailure = ReportSamples.Everything().Cases.Select((c, i) => (c, i)).First(pair => pair.c.Failure is not null).i;
        var withAssertion = ReportSamples.Everything().Cases.Select((c, i) => (c, i)).First(pair => pair.c.AssertionFailures.Count > 0).i;
        var crafted = new Dictionary<string, string>
        {
            ["failure without a message"] = Without(report => report["cases"]![withFailure]!["failure"]!.AsObject().Remove("message")),
            ["assertion failure without its assertion"] = Without(report => report["cases"]![withAssertion]!["assertion_failures"]![0]!.AsObject().Remove("assertion")),
            ["null case"] = Without(report => report["cases"]![0] = null),
            ["null tag"] = Without(report => report["cases"]![0]!["tags"] = new JsonArray(null, "x")),
            ["null reason"] = Without(report => report["suites"]![0]!["gate"]!["reasons"] = new JsonArray((JsonNode?)null)),
            ["case without a summary"] = Without(report => report["cases"]![0]!.AsObject().Remove("summary")),
            ["suite without a target"] = Without(report => report["suites"]![0]!.AsObject().Remove("target")),
            ["null mode"] = Without(report => report["environment"]!["mode"] = null),
            ["unknown mode"] = Without(report => report["environment"]!["mode"] = "yolo"),
            ["bad shard"] = Without(report => report["environment"]!["shard"] = "0/0"),
            ["unknown count"] = Without(report => report["verdict"]!["counts"]!["exploded"] = 1),
            ["case of no suite"] = Without(report => report["cases"]![0]!["suite"] = "elsewhere"),
            ["no suites"] = Without(report => report.AsObject().Remove("suites")),
            ["no verdict"] = Without(report => report.AsObject().Remove("verdict")),
            ["no version"] = Without(report => report.AsObject().Remove("version")),
            ["null suites"] = Without(report => report["suites"] = null),
            ["empty case"] = Without(report => report["cases"]![0] = new JsonObject()),
            ["negative total"] = Without(report => report["verdict"]!["total"] = -1),
            ["negative suite total"] = Without(report => report["suites"]![0]!["total"] = -1),
            ["negative count"] = Without(report => report["verdict"]!["counts"]!["changed"] = -1),
            ["negative tokens"] = Without(report => report["cases"]![0]!["tokens"] = new JsonObject { ["input"] = -5 }),
            ["negative duration"] = Without(report => report["cases"]![0]!["duration_ms"] = -5),
            ["unknown exit code"] = Without(report => report["verdict"]!["exit_code"] = 99),
        };

        Assert.Multiple(() =>
        {
            foreach (var (what, json) in crafted)
            {
                Assert.That(() => RunReportJson.Read(json, "results.json"), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith("results.json: "), what);
            }
        });
    }

    [Test]
    public void Null_entries_unknown_names_and_out_of_range_figures_of_comparison_fields_are_refused_naming_the_field()
    {
        var sample = JsonNode.Parse(RunReportJson.Write(ReportSamples.Everything()))!;
        int CaseWith(string field) => sample["cases"]!.AsArray().Select((node, index) => (node, index))
            .First(pair => pair.node![field] is JsonArray { Count: > 0 } or JsonObject).index;
        int SuiteWith(string field) => sample["suites"]!.AsArray().Select((node, index) => (node, index))
            .First(pair => pair.node![field] is JsonObject).index;
        int SuiteWithRules() => sample["suites"]!.AsArray().Select((node, index) => (node, index))
            .First(pair => pair.node!["gate"]!["rule_results"] is JsonArray { Count: > 0 }).index;

        var ladder = CaseWith("ladder");
        var repeats = CaseWith("repeats");
        var tools = CaseWith("tool_calls");
        var deciding = CaseWith("deciding_step");
        var rates = CaseWith("pass_rates");
        var likelihood = CaseWith("likelihood");
        var rules = SuiteWithRules();
        var statistics = SuiteWith("statistics");
        var figures = SuiteWith("figures");
        var crafted = new (string Field, Action<JsonNode> Change)[]
        {
            ($"cases[{ladder}].ladder[0]: is null", report => report["cases"]![ladder]!["ladder"]![0] = null),
            ($"cases[{ladder}].ladder[0].verdict: 'maybe' is not a ladder verdict", report => report["cases"]![ladder]!["ladder"]![0]!["verdict"] = "maybe"),
            ($"cases[{ladder}].ladder[0].votes[0]: is null", report => report["cases"]![ladder]!["ladder"]![0]!["votes"] = new JsonArray((JsonNode?)null)),
            ($"cases[{repeats}].repeats[0]: is null", report => report["cases"]![repeats]!["repeats"]![0] = null),
            ($"cases[{repeats}].repeats[0].outcome: 'exploded' is not an outcome", report => report["cases"]![repeats]!["repeats"]![0]!["outcome"] = "exploded"),
            ($"cases[{repeats}].repeats[0].deciding_step: 'magic' is not a ladder step", report => report["cases"]![repeats]!["repeats"]![0]!["deciding_step"] = "magic"),
            ($"cases[{tools}].tool_calls[0]: is null", report => report["cases"]![tools]!["tool_calls"]![0] = null),
            ($"cases[{deciding}].deciding_step.step: 'magic' is not a ladder step", report => report["cases"]![deciding]!["deciding_step"]!["step"] = "magic"),
            ("cases[0].agreement: is not a number from 0 to 1", report => report["cases"]![0]!["agreement"] = -5),
            ($"cases[{rates}].pass_rates.candidate: is not a number from 0 to 1", report => report["cases"]![rates]!["pass_rates"]!["candidate"] = 1.5),
            ($"cases[{likelihood}].likelihood.tokens: is negative", report => report["cases"]![likelihood]!["likelihood"]!["tokens"] = -1),
            ($"suites[{rules}].gate.rule_results[0]: is null", report => report["suites"]![rules]!["gate"]!["rule_results"]![0] = null),
            ($"suites[{rules}].gate.rule_results[0].cases[0]: is null", report => report["suites"]![rules]!["gate"]!["rule_results"]![0]!["cases"] = new JsonArray((JsonNode?)null)),
            ("suites[0].changed_cases[0]: is null", report => report["suites"]![0]!["changed_cases"] = new JsonArray((JsonNode?)null)),
            ("suites[0].intended_changes[0]: is null", report => report["suites"]![0]!["intended_changes"] = new JsonArray((JsonNode?)null)),
            ("suites[0].agreement: is not a number from 0 to 1", report => report["suites"]![0]!["agreement"] = 2),
            ($"suites[{statistics}].statistics.regressed_cases[0]: is null", report => report["suites"]![statistics]!["statistics"]!["regressed_cases"] = new JsonArray((JsonNode?)null)),
            ($"suites[{statistics}].statistics.candidate_pass_rate: is not a number from 0 to 1", report => report["suites"]![statistics]!["statistics"]!["candidate_pass_rate"] = -0.5),
            ($"suites[{figures}].figures.models_without_price[0]: is null", report => report["suites"]![figures]!["figures"]!["models_without_price"] = new JsonArray((JsonNode?)null)),
        };

        Assert.Multiple(() =>
        {
            foreach (var (field, change) in crafted)
            {
                var report = sample.DeepClone();
                change(report);
                Assert.That(() => RunReportJson.Read(report.ToJsonString(), "results.json"),
                    Throws.TypeOf<InvalidDataException>().With.Message.Contains("results.json: " + field), field);
            }
        });
    }
}
