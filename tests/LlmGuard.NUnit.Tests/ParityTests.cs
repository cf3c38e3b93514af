using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGuard.Planning;
using LlmGuard.NUnit.Tests.Infrastructure;

namespace LlmGuard.NUnit.Tests;

/// <summary>
/// The same suites run through the CLI (in process) and through NUnit (the sample project, run by a child
/// 'dotnet test') must classify every case identically. The suites produce every class of result.
/// </summary>
[NonParallelizable]
public sealed class ParityTests
{
    private static readonly Dictionary<string, string> ExpectedOutcomes = new()
    {
        ["capitals/france"] = "unchanged",
        ["capitals/spain"] = "changed",
        ["capitals/italy"] = "assertion-failed",
        ["capitals/germany"] = "request-changed",
        ["formats/json"] = "equivalent",
        ["formats/missing"] = "provider-error",
        ["formats/greeting"] = "new",
    };

    private string directory = "";
    private string suites = "";
    private string snapshots = "";

    [OneTimeSetUp]
    public async Task CreateSuitesWithRecordedSnapshots()
    {
        directory = Directory.CreateTempSubdirectory("llmguard-parity-").FullName;
        suites = Path.Combine(directory, "suites");
        snapshots = Path.Combine(directory, "snapshots");
        Directory.CreateDirectory(suites);
        WriteSuites(germanyPrompt: "Capital of Germany?", withGreeting: false);
        WriteAnswers(new()
        {
            ["Capital of France?"] = "Paris.",
            ["Capital of Spain?"] = "Madrid.",
            ["Capital of Italy?"] = "Rome.",
            ["Capital of Germany?"] = "Berlin.",
            ["Give JSON"] = "{\"a\": 1, \"b\": [1, 2]}",
            ["Unanswered question"] = "Recorded once.",
        });
        var (recorded, output) = await RunCliAsync("run", "--suites", suites, "--snapshots", snapshots, "--mode", "update");
        Assert.That(recorded, Is.Zero, output);

        // Drift: every case now lands in a different class.
        WriteSuites(germanyPrompt: "What is the capital of Germany?", withGreeting: true);
        WriteAnswers(new()
        {
            ["Capital of France?"] = "Paris.",
            ["Capital of Spain?"] = "Madrid, of course.",
            ["Capital of Italy?"] = "Milan.",
            ["What is the capital of Germany?"] = "Berlin.",
            ["Give JSON"] = "{\"b\": [1, 2], \"a\": 1.0}",
            ["Say hello"] = "Hello!",
        });
        File.Copy(Path.Combine(snapshots, "capitals", "france.verified.txt"), Path.Combine(snapshots, "capitals", "renamed.verified.txt"));

        var invalid = Directory.CreateDirectory(Path.Combine(directory, "invalid-suites")).FullName;
        File.WriteAllText(Path.Combine(invalid, "broken.yaml"), "id: broken\ntarget:\n  provider: scripted\n  modle: x\ncases:\n  - id: first\n    prompt: Hi\n");
    }

    [OneTimeTearDown]
    public void DeleteSuites() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Nunit_and_the_cli_classify_every_case_identically()
    {
        var cliResults = Path.Combine(directory, "cli.jsonl");
        var (cliExit, cliOutput) = await RunCliAsync("run", "--suites", suites, "--snapshots", snapshots, "--mode", "verify", "--results", cliResults);
        Assert.That(cliExit, Is.EqualTo(1), cliOutput);
        var cli = ResultRecords.Cases(cliResults);
        Assert.That(cli.ToDictionary(pair => pair.Key, pair => pair.Value.GetProperty("outcome").GetString()), Is.EquivalentTo(ExpectedOutcomes), "the fixture must produce every class");

        var nunitResults = Path.Combine(directory, "nunit.jsonl");
        var run = await RunSampleAsync(nunitResults);
        var nunit = ResultRecords.Cases(nunitResults);

        Assert.That(run.ExitCode, Is.Not.Zero, run.Output);
        Assert.That(nunit.Keys, Is.EquivalentTo(cli.Keys), run.Output);
        Assert.Multiple(() =>
        {
            foreach (var (name, record) in cli)
            {
                Assert.That(nunit[name].GetProperty("outcome").GetString(), Is.EqualTo(record.GetProperty("outcome").GetString()), name);
                Assert.That(nunit[name].GetProperty("summary").GetString(), Is.EqualTo(record.GetProperty("summary").GetString()), name);
            }

            var cliVerdict = ResultRecords.Verdict(cliResults);
            var nunitVerdict = ResultRecords.Verdict(nunitResults);
            Assert.That(ResultRecords.DecidedSuites(nunitVerdict), Is.EqualTo(ResultRecords.DecidedSuites(cliVerdict)), "same gate verdict per suite");
            Assert.That(nunitVerdict.GetProperty("orphans").GetRawText(), Is.EqualTo(cliVerdict.GetProperty("orphans").GetRawText()), "same orphans");
        });
    }

    [Test]
    public async Task Nunit_names_each_test_after_its_case_and_explains_a_failure_like_the_cli()
    {
        var run = await RunSampleAsync(Path.Combine(directory, "named.jsonl"));
        var results = run.Tests;

        Assert.Multiple(() =>
        {
            Assert.That(results.Keys, Is.SupersetOf(ExpectedOutcomes.Keys), run.Output);
            Assert.That(run.Output, Does.Contain("capitals/france"));
            Assert.That(results["capitals/france"].Outcome, Is.EqualTo("Passed"));
            Assert.That(results["formats/json"].Outcome, Is.EqualTo("Passed"));
            foreach (var failing in ExpectedOutcomes.Where(pair => pair.Value is not ("unchanged" or "equivalent")))
            {
                Assert.That(results[failing.Key].Outcome, Is.EqualTo("Failed"), failing.Key);
                Assert.That(results[failing.Key].Message, Does.StartWith($"LlmGuard: {failing.Value} — "), failing.Key);
            }

            var changed = results["capitals/spain"].Message;
            Assert.That(changed, Does.Contain("-Madrid.").And.Contain("+Madrid, of course."));
            Assert.That(changed, Does.Contain(Path.Combine(snapshots, "capitals", "spain.verified.txt")));
            Assert.That(changed, Does.Contain(Path.Combine(snapshots, "capitals", "spain.received.txt")));
            Assert.That(results["formats/missing"].Message, Does.Contain("no answer for the prompt"));
            Assert.That(results["invalid-suites/(invalid)"].Outcome, Is.EqualTo("Failed"));
            Assert.That(results["invalid-suites/(invalid)"].Message, Does.Match(@"broken\.yaml:4:3: error LG\d+: Unknown key 'modle'"));
            Assert.That(run.Output, Does.Contain("orphaned snapshot file(s)").And.Contain("renamed.verified.txt"));
        });
    }

    [TestCase("TestCategory=geo", new[] { "capitals/france", "capitals/spain", "capitals/italy", "capitals/germany" })]
    [TestCase("FullyQualifiedName~capitals/france|Name=formats/json", new[] { "capitals/france", "formats/json" })]
    public async Task Filters_select_cases_by_tag_and_by_name(string filter, string[] expected)
    {
        var run = await RunSampleAsync(Path.Combine(directory, "filtered.jsonl"), filter);

        Assert.That(run.Tests.Keys, Is.EquivalentTo(expected), run.Output);
    }

    private void WriteSuites(string germanyPrompt, bool withGreeting)
    {
        File.WriteAllText(Path.Combine(suites, "capitals.yaml"), $"""
            id: capitals
            target:
              provider: scripted
              model: fixture-1
              seed: 7
              options:
                responses: answers.json
            defaults:
              tags: [geo]
            cases:
              - id: france
                prompt: Capital of France?
              - id: spain
                prompt: Capital of Spain?
              - id: italy
                prompt: Capital of Italy?
                expect:
                  - contains: Rome
              - id: germany
                prompt: {germanyPrompt}
            """);
        File.WriteAllText(Path.Combine(suites, "formats.yaml"), """
            id: formats
            target:
              provider: scripted
              model: fixture-1
              seed: 7
              options:
                responses: answers.json
            cases:
              - id: json
                prompt: Give JSON
                compare: json
              - id: missing
                prompt: Unanswered question
            """ + (withGreeting ? "\n  - id: greeting\n    prompt: Say hello\n" : "\n"));
    }

    [Test]
    public async Task Nunit_writes_the_reports_the_cli_writes_attaches_the_html_and_appends_the_markdown_to_the_step_summary()
    {
        var cliReport = Path.Combine(directory, "cli-report.json");
        var (cliExit, cliOutput) = await RunCliAsync("run", "--suites", suites, "--snapshots", snapshots, "--mode", "verify", "--report", "json=" + cliReport);
        Assert.That(cliExit, Is.EqualTo(1), cliOutput);
        var html = Path.Combine(directory, "nunit-report.html");
        var json = Path.Combine(directory, "nunit-report.json");
        var summary = Path.Combine(directory, "step-summary.md");
        File.WriteAllText(summary, "# An earlier step\n");

        var run = await SampleProject.RunAsync(directory, suites, Path.Combine(directory, "reports.jsonl"), invalidSuites: Path.Combine(directory, "invalid-suites"),
            environment: new Dictionary<string, string>
            {
                [RunEnvironmentVariables.ReportPrefix + "HTML"] = html,
                [RunEnvironmentVariables.ReportPrefix + "JSON"] = json,
                ["GITHUB_STEP_SUMMARY"] = summary,
            });

        static Dictionary<string, string?> Outcomes(string file) =>
            JsonNode.Parse(File.ReadAllText(file))!["cases"]!.AsArray().ToDictionary(c => $"{c!["suite"]}/{c["case"]}", c => (string?)c!["outcome"]);
        Assert.Multiple(() =>
        {
            Assert.That(Outcomes(json), Is.EquivalentTo(Outcomes(cliReport)), "the same cases and classes as the CLI's report");
            Assert.That(Outcomes(json), Is.EquivalentTo(ExpectedOutcomes));
            Assert.That(File.ReadAllText(html), Does.Contain("<span class=\"case-name\">capitals/spain</span>")
                .And.Contain("<td class=\"code modified old\">Madrid.</td>").And.Contain("<td class=\"code modified new\">Madrid<ins class=\"w\">, of course</ins>.</td>"),
                "the changed case with its words marked");
            Assert.That(run.Attachments.Values.SelectMany(files => files), Does.Contain("nunit-report.html"), "the HTML report is attached to the test run");
            Assert.That(run.Attachments.GetValueOrDefault("capitals/spain"), Does.Contain("spain.received.txt"), "a received file is attached to its case");
            var markdown = File.ReadAllText(summary);
            Assert.That(markdown, Does.StartWith("# An earlier step\n## ❌ LlmGuard: gate failed"), "appended, never replacing what other steps wrote");
            Assert.That(markdown, Does.Contain("#### ❌ capitals/spain — changed"));
        });
    }

    private void WriteAnswers(Dictionary<string, string> answers) =>
        File.WriteAllText(Path.Combine(suites, "answers.json"), JsonSerializer.Serialize(answers));

    private static Task<(int ExitCode, string Output)> RunCliAsync(params string[] args) => InProcessCli.RunAsync(null, args);

    private Task<SampleRun> RunSampleAsync(string resultsPath, string? filter = null) =>
        SampleProject.RunAsync(directory, suites, resultsPath, filter, invalidSuites: Path.Combine(directory, "invalid-suites"));
}
