using LlmGuard.NUnit.Tests.Infrastructure;

namespace LlmGuard.NUnit.Tests;

/// <summary>
/// What stops a run, and the candidate model, behave the same in both front ends: the command exits with code 2 and
/// says why; under <c>dotnet test</c> every affected test fails with the same explanation (no set-up error, no uncaught
/// exception), and neither writes a case result. The candidate model, from <c>--model</c> or <c>LLMGUARD_MODEL</c>,
/// gives the same results.
/// </summary>
[NonParallelizable]
public sealed class FailureParityTests
{
    private string directory = "";
    private string suites = "";
    private string snapshots = "";

    [SetUp]
    public void CreateDirectory()
    {
        directory = Directory.CreateTempSubdirectory("llmguard-failure-parity-").FullName;
        suites = Directory.CreateDirectory(Path.Combine(directory, "suites")).FullName;
        snapshots = Path.Combine(directory, "snapshots");
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task A_corrupt_verified_snapshot_stops_both_before_any_model_call()
    {
        WriteScriptedSuite();
        await RecordAsync();
        var corrupt = Path.Combine(snapshots, "parity", "second.verified.txt");
        File.WriteAllText(corrupt, "# llmguard snapshot 1\nnot a header line\n---\nB");

        await AssertBothStopAsync(environment: null, "Nothing was run: these verified snapshots cannot be read", corrupt + ": not a valid snapshot file");
    }

    [Test]
    public async Task A_missing_provider_key_stops_both_naming_the_variable()
    {
        File.WriteAllText(Path.Combine(suites, "parity.yaml"), """
            id: parity
            target:
              provider: openai-compatible
              model: some-model
              endpoint: http://127.0.0.1:9/v1
              api_key_env: PARITY_MISSING_API_KEY
            cases:
              - id: first
                prompt: A?
              - id: second
                prompt: B?
            """);

        await AssertBothStopAsync(environment: null, "needs an API key", "PARITY_MISSING_API_KEY");
    }

    [Test]
    public async Task A_pin_mismatch_stops_both_before_any_case()
    {
        File.WriteAllText(Path.Combine(suites, "parity.yaml"), """
            id: parity
            target:
              provider: local
              model: demo
              max_tokens: 4
              pin: { digest: "sha256:0000000000000000000000000000000000000000000000000000000000000000" }
            cases:
              - id: first
                prompt: A?
              - id: second
                prompt: B?
            """);
        var environment = new Dictionary<string, string> { ["LLMGUARD_MODELS"] = Path.Combine(directory, "models") };

        await AssertBothStopAsync(environment, "but the suite pins sha256:0000000000000000000000000000000000000000000000000000000000000000", "No case was run");
    }

    [Test]
    public async Task The_candidate_model_from_the_option_or_the_environment_gives_the_same_results()
    {
        WriteScriptedSuite();
        await RecordAsync();
        var cliResults = Path.Combine(directory, "cli.jsonl");
        var nunitResults = Path.Combine(directory, "nunit.jsonl");

        var (cliExit, cliOutput) = await InProcessCli.RunAsync(null, "run", "--suites", suites, "--snapshots", snapshots, "--model", "fixture-2", "--results", cliResults);
        var nunit = await SampleProject.RunAsync(directory, suites, nunitResults, environment: new Dictionary<string, string> { ["LLMGUARD_MODEL"] = "fixture-2" });

        var cli = ResultRecords.Cases(cliResults);
        var fromEnvironment = ResultRecords.Cases(nunitResults);
        Assert.Multiple(() =>
        {
            Assert.That(cli.Keys, Is.EquivalentTo(new[] { "parity/first", "parity/second" }), cliOutput);
            Assert.That(fromEnvironment.Keys, Is.EquivalentTo(cli.Keys), nunit.Output);
            foreach (var (name, record) in cli)
            {
                Assert.That(record.GetProperty("resolved_model").GetString(), Is.EqualTo("fixture-2"), "the candidate answered");
                foreach (var field in new[] { "outcome", "summary", "resolved_model", "identity_changes", "request" })
                {
                    Assert.That(fromEnvironment[name].GetProperty(field).GetRawText(), Is.EqualTo(record.GetProperty(field).GetRawText()), $"{name}: {field}");
                }
            }

            Assert.That(ResultRecords.DecidedSuites(ResultRecords.Verdict(nunitResults)),
                Is.EqualTo(ResultRecords.DecidedSuites(ResultRecords.Verdict(cliResults))), "same verdict");
            Assert.That(cliExit, Is.Zero, "a candidate whose outputs match passes: its different identity is expected, not gated\n" + cliOutput);
            Assert.That(cli.Values.Select(record => record.GetProperty("identity_changes")[1].GetProperty("expected").GetBoolean()), Is.All.True, "resolved_model change reported as expected");
            foreach (var name in cli.Keys)
            {
                Assert.That(nunit.Tests[name].Outcome, Is.EqualTo("Passed"), name + ": " + nunit.Tests[name].Message);
            }
        });
    }

    private async Task AssertBothStopAsync(IReadOnlyDictionary<string, string>? environment, params string[] explanation)
    {
        var cliResults = Path.Combine(directory, "cli.jsonl");
        var nunitResults = Path.Combine(directory, "nunit.jsonl");

        var (cliExit, cliOutput) = await InProcessCli.RunAsync(environment, "run", "--suites", suites, "--snapshots", snapshots, "--results", cliResults);
        var nunit = await SampleProject.RunAsync(directory, suites, nunitResults, environment: environment);

        Assert.Multiple(() =>
        {
            Assert.That(cliExit, Is.EqualTo(2), cliOutput);
            Assert.That(nunit.Tests.Keys, Is.EquivalentTo(new[] { "parity/first", "parity/second", "no-invalid-suites/(invalid)" }), nunit.Output);
            foreach (var fragment in explanation)
            {
                Assert.That(cliOutput, Does.Contain(fragment));
            }

            foreach (var name in new[] { "parity/first", "parity/second" })
            {
                var (outcome, message) = nunit.Tests[name];
                Assert.That(outcome, Is.EqualTo("Failed"), name);
                Assert.That(message, Does.StartWith("LlmGuard: "), name);
                foreach (var fragment in explanation)
                {
                    Assert.That(message, Does.Contain(fragment), name);
                }
            }

            // An uncaught exception shows as "Namespace.SomeException : message"; a set-up failure names OneTimeSetUp.
            Assert.That(nunit.Output, Does.Not.Contain("Exception : ").And.Not.Contain("OneTimeSetUp"));
            Assert.That(ResultRecords.All(cliResults).Where(record => record.GetProperty("type").GetString() == "case"), Is.Empty, "the command wrote no case");
            Assert.That(ResultRecords.All(nunitResults).Where(record => record.GetProperty("type").GetString() == "case"), Is.Empty, "the tests wrote no case");
        });
    }

    private void WriteScriptedSuite()
    {
        File.WriteAllText(Path.Combine(suites, "parity.yaml"), """
            id: parity
            target:
              provider: scripted
              model: fixture-1
              options:
                responses: answers.json
            cases:
              - id: first
                prompt: A?
              - id: second
                prompt: B?
            """);
        File.WriteAllText(Path.Combine(suites, "answers.json"), """{ "A?": "Answer A.", "B?": "Answer B." }""");
    }

    private async Task RecordAsync()
    {
        var (exitCode, output) = await InProcessCli.RunAsync(null, "run", "--suites", suites, "--snapshots", snapshots, "--mode", "update");
        Assert.That(exitCode, Is.Zero, output);
    }
}
