using System.Text.Json;
using LlmGuard.NUnit.Tests.Infrastructure;

namespace LlmGuard.NUnit.Tests;

/// <summary>
/// Drift analysis under <c>dotnet test</c> gives the CLI's answers: an upgrade committed as an edited suite <c>model</c> passes
/// where only the identity and the wording moved (judged-equivalent, intended and within-share changes), a comparison named
/// by <c>LLMGUARD_MODE=compare</c> and <c>LLMGUARD_BASELINE</c> classifies like <c>llmguard compare</c>, and <c>LLMGUARD_REPEAT</c>
/// repeats like <c>--repeat</c>.
/// </summary>
[NonParallelizable]
public sealed class DriftParityTests
{
    private string directory = "";
    private string suites = "";
    private string snapshots = "";

    [OneTimeSetUp]
    public async Task RecordTheBaseline()
    {
        directory = Directory.CreateTempSubdirectory("llmguard-drift-parity-").FullName;
        suites = Directory.CreateDirectory(Path.Combine(directory, "suites")).FullName;
        snapshots = Path.Combine(directory, "snapshots");
        WriteSuite("assistant-v1");
        WriteAnswers("assistant-v1", new()
        {
            ["What is 6 x 7?"] = "6 x 7 = 42.",
            ["Capital of France?"] = "Paris.",
            ["Greet a new customer."] = "Hello.",
            ["Say yes."] = "Yes.",
        });
        WriteAnswers("assistant-v2", new()
        {
            ["What is 6 x 7?"] = "Six times seven makes 42.",
            ["Capital of France?"] = "Lyon.",
            ["Greet a new customer."] = "Welcome aboard! We're glad you're here.",
            ["Say yes."] = "Yes.",
        });
        var (exitCode, output) = await InProcessCli.RunAsync(null, "run", "--suites", suites, "--snapshots", snapshots, "--mode", "update");
        Assert.That(exitCode, Is.Zero, output);
    }

    [OneTimeTearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task An_upgrade_committed_in_the_suite_passes_under_dotnet_test_as_it_does_in_the_cli()
    {
        WriteSuite("assistant-v2");
        try
        {
            var cliResults = Path.Combine(directory, "upgrade-cli.jsonl");
            var (cliExit, cliOutput) = await InProcessCli.RunAsync(null, "run", "--suites", suites, "--snapshots", snapshots, "--results", cliResults);
            var nunit = await SampleProject.RunAsync(directory, suites, Path.Combine(directory, "upgrade-nunit.jsonl"));

            var cli = ResultRecords.Cases(cliResults);
            Assert.Multiple(() =>
            {
                Assert.That(cliExit, Is.Zero, cliOutput);
                Assert.That(cli.ToDictionary(pair => pair.Key, pair => pair.Value.GetProperty("outcome").GetString()), Is.EquivalentTo(new Dictionary<string, string?>
                {
                    ["upgrade/sum"] = "judged-equivalent",
                    ["upgrade/city"] = "changed",
                    ["upgrade/greeting"] = "intended-change",
                    ["upgrade/same"] = "unchanged",
                }));
                AssertSameCases(cliResults, Path.Combine(directory, "upgrade-nunit.jsonl"), "outcome", "summary", "identity_changes", "deciding_step");
                Assert.That(nunit.Tests["upgrade/sum"].Outcome, Is.EqualTo("Passed"), nunit.Output);
                Assert.That(nunit.Tests["upgrade/greeting"].Outcome, Is.EqualTo("Passed"));
                Assert.That(nunit.Tests["upgrade/same"].Outcome, Is.EqualTo("Passed"), "the identity change follows the edited model: expected, not a failure");
                Assert.That(nunit.Tests["upgrade/city"].Outcome, Is.EqualTo("NotExecuted"), "a warning (the NUnit adapter writes warnings so in TRX)");
                Assert.That(nunit.Tests["upgrade/city"].Message, Does.Contain("allows up to 50% changed cases"));
                Assert.That(nunit.Tests["upgrade/(gate)"].Outcome, Is.EqualTo("Passed"), nunit.Tests["upgrade/(gate)"].Message);
            });
        }
        finally
        {
            WriteSuite("assistant-v1");
        }
    }

    [Test]
    public async Task A_comparison_named_by_the_environment_classifies_like_llmguard_compare()
    {
        var cliResults = Path.Combine(directory, "compare-cli.jsonl");
        var nunitResults = Path.Combine(directory, "compare-nunit.jsonl");
        var (cliExit, cliOutput) = await InProcessCli.RunAsync(null, "compare", "--suites", suites, "--snapshots", snapshots, "--baseline", "assistant-v1", "--candidate", "assistant-v2", "--results", cliResults);
        await SampleProject.RunAsync(directory, suites, nunitResults, environment: new Dictionary<string, string>
        {
            ["LLMGUARD_MODE"] = "compare",
            ["LLMGUARD_BASELINE"] = "assistant-v1",
            ["LLMGUARD_CANDIDATE"] = "assistant-v2",
        });

        Assert.Multiple(() =>
        {
            Assert.That(cliExit, Is.Zero, cliOutput);
            Assert.That(ResultRecords.Cases(cliResults)["upgrade/city"].GetProperty("summary").GetString(), Is.EqualTo("output differs from the baseline: first difference at line 1"));
            AssertSameCases(cliResults, nunitResults, "outcome", "summary", "identity_changes", "pass_rates");
            Assert.That(ResultRecords.DecidedSuites(ResultRecords.Verdict(nunitResults)), Is.EqualTo(ResultRecords.DecidedSuites(ResultRecords.Verdict(cliResults))), "the same verdict, measured latencies aside");
        });
    }

    [Test]
    public async Task Repeats_from_the_environment_match_the_repeat_option()
    {
        var cliResults = Path.Combine(directory, "repeat-cli.jsonl");
        var nunitResults = Path.Combine(directory, "repeat-nunit.jsonl");
        var (cliExit, cliOutput) = await InProcessCli.RunAsync(null, "run", "--suites", suites, "--snapshots", snapshots, "--repeat", "3", "--results", cliResults);
        await SampleProject.RunAsync(directory, suites, nunitResults, environment: new Dictionary<string, string> { ["LLMGUARD_REPEAT"] = "3" });

        var nunit = ResultRecords.Cases(nunitResults);
        Assert.Multiple(() =>
        {
            Assert.That(cliExit, Is.Zero, cliOutput);
            Assert.That(nunit.Values.Select(record => record.GetProperty("repeats").GetArrayLength()), Is.All.EqualTo(3));
            AssertSameCases(cliResults, nunitResults, "outcome", "summary", "stability", "agreement");
        });
    }

    private static void AssertSameCases(string cliResults, string nunitResults, params string[] fields)
    {
        var cli = ResultRecords.Cases(cliResults);
        var nunit = ResultRecords.Cases(nunitResults);
        Assert.That(nunit.Keys, Is.EquivalentTo(cli.Keys));
        foreach (var (name, record) in cli)
        {
            foreach (var field in fields)
            {
                Assert.That(nunit[name].GetProperty(field).GetRawText(), Is.EqualTo(record.GetProperty(field).GetRawText()), $"{name}: {field}");
            }
        }
    }

    private void WriteSuite(string model) => File.WriteAllText(Path.Combine(suites, "upgrade.yaml"), $"""
        id: upgrade
        target:
          provider: scripted
          model: {model}
          options:
            responses: answers/{"{model}"}.json
        gate:
          max_changed_share: 0.5
        cases:
          - id: sum
            prompt: What is 6 x 7?
            compare: {"{ extract: final-number }"}
          - id: city
            prompt: Capital of France?
          - id: greeting
            prompt: Greet a new customer.
            expect_change: true
          - id: same
            prompt: Say yes.
        """);

    private void WriteAnswers(string model, Dictionary<string, string> answers)
    {
        Directory.CreateDirectory(Path.Combine(suites, "answers"));
        File.WriteAllText(Path.Combine(suites, "answers", model + ".json"), JsonSerializer.Serialize(answers));
    }
}
