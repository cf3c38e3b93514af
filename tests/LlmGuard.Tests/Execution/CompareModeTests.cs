using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Tests.Execution;

/// <summary>
/// <c>compare</c>: a baseline and a candidate, each a live model or an earlier results file, judged case by case through the
/// ladder without snapshots; the baseline's own repeats are its accepted variants.
/// </summary>
public sealed class CompareModeTests
{
    private const string Suite = """
        id: upgrade
        target:
          provider: fixture
          model: old
        gate:
          max_changed_share: 0.5
        cases:
          - id: sum
            prompt: What is 6 x 7?
            compare: { extract: final-number }
          - id: city
            prompt: Capital of France?
            expect:
              - contains: Paris
          - id: tone
            prompt: Greet me.
        """;

    private DriftWorkspace workspace = null!;

    [SetUp]
    public void SetUp()
    {
        workspace = new DriftWorkspace(Suite);
        workspace.Models.Answer("old", "What is 6 x 7?", "6 x 7 = 42.");
        workspace.Models.Answer("old", "Capital of France?", "Paris.");
        workspace.Models.Answer("old", "Greet me.", "Hello.");
        workspace.Models.Answer("new", "What is 6 x 7?", "Six times seven is 42.");
        workspace.Models.Answer("new", "Capital of France?", "Lyon.");
        workspace.Models.Answer("new", "Greet me.", "Hello.");
        workspace.Models.Digests["old"] = "sha256:01";
        workspace.Models.Digests["new"] = "sha256:02";
    }

    [TearDown]
    public void TearDown() => workspace.Dispose();

    private Task<DriftWorkspace.Run> CompareAsync(ComparisonSide baseline, ComparisonSide? candidate = null, string? results = null, int? repeat = null) =>
        workspace.RunAsync(new RunOptions { Mode = RunMode.Compare, Baseline = baseline, Candidate = candidate, ResultsPath = results, Repeat = repeat });

    [Test]
    public async Task Two_live_models_are_compared_without_snapshots()
    {
        var run = await CompareAsync(ComparisonSide.Live("old"), ComparisonSide.Live("new"));

        Assert.Multiple(() =>
        {
            Assert.That(run["sum"].Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
            Assert.That(run["city"].Outcome, Is.EqualTo(CaseOutcome.AssertionFailed));
            Assert.That(run["city"].PassRates, Is.EqualTo(new PassRates(1, 0)));
            Assert.That(run["tone"].Outcome, Is.EqualTo(CaseOutcome.Unchanged));
            Assert.That(run["tone"].Summary, Is.EqualTo("output matches the baseline"));
            Assert.That(run["sum"].BaselineOutput, Is.EqualTo("6 x 7 = 42."));
            Assert.That(run["sum"].VerifiedPath, Is.Null);
            Assert.That(run["sum"].IdentityChanges.Select(change => (change.Field, change.Expected)), Is.EqualTo(new[] { ("model", true), ("resolved_model", true), ("digest", true) }));
            Assert.That(run.Suite.ModelChange!.ToString(), Is.EqualTo("model: fixture/old → fixture/new"));
            Assert.That(run.Suite.SameWeights, Is.False);
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed), "an assertion failure fails whatever the share");
            Assert.That(Directory.Exists(workspace.Snapshots), Is.False, "nothing is written");
        });
    }

    [Test]
    public async Task Without_a_candidate_the_suite_model_is_compared_with_the_baseline()
    {
        var run = await CompareAsync(ComparisonSide.Live("new"));
        Assert.Multiple(() =>
        {
            Assert.That(run["sum"].Model, Is.EqualTo("old"));
            Assert.That(run.Suite.ModelChange!.ToString(), Is.EqualTo("model: fixture/new → fixture/old"));
            Assert.That(run["city"].PassRates, Is.EqualTo(new PassRates(0, 1)), "an improvement");
        });
    }

    [Test]
    public async Task Either_side_can_come_from_an_earlier_results_file()
    {
        var baselineFile = Path.Combine(workspace.Root, "old.jsonl");
        var candidateFile = Path.Combine(workspace.Root, "new.jsonl");
        await workspace.RunAsync(new RunOptions { Mode = RunMode.Compare, Baseline = ComparisonSide.Live("old"), Candidate = ComparisonSide.Live("old"), ResultsPath = baselineFile });
        await workspace.RunAsync(new RunOptions { Mode = RunMode.Compare, Baseline = ComparisonSide.Live("new"), Candidate = ComparisonSide.Live("new"), ResultsPath = candidateFile });
        workspace.Models.Calls.Clear();

        var oneFile = await CompareAsync(ComparisonSide.Recorded(baselineFile), ComparisonSide.Live("new"));
        var calls = workspace.Models.Calls.Count;
        var twoFiles = await CompareAsync(ComparisonSide.Parse(baselineFile), ComparisonSide.Parse(candidateFile));

        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(3), "only the live candidate was called");
            Assert.That(oneFile.Results.Select(result => result.Outcome), Is.EqualTo(new[] { CaseOutcome.JudgedEquivalent, CaseOutcome.AssertionFailed, CaseOutcome.Unchanged }));
            Assert.That(oneFile["sum"].IdentityChanges.Any(change => change.Field == "digest" && change.Expected), Is.True, "the recorded identity is compared");
            Assert.That(workspace.Models.Calls.Count, Is.EqualTo(3), "two results files need no model");
            Assert.That(twoFiles.Results.Select(result => result.Outcome), Is.EqualTo(oneFile.Results.Select(result => result.Outcome)));
            Assert.That(twoFiles["sum"].Output, Is.EqualTo("Six times seven is 42."));
        });
    }

    [Test]
    public async Task The_baseline_repeats_are_its_accepted_variants()
    {
        workspace.Models.Answer("old", "Greet me.", "Hello.", "Hi there.");
        workspace.Models.Answer("new", "Greet me.", "Hi there.");

        var run = await CompareAsync(ComparisonSide.Live("old"), ComparisonSide.Live("new"), repeat: 4);

        Assert.Multiple(() =>
        {
            Assert.That(run["tone"].Outcome, Is.EqualTo(CaseOutcome.Unstable), "the baseline itself says 'Hi there.' half the time");
            Assert.That(run["tone"].Stability!.Tarr, Is.EqualTo(1));
            Assert.That(run["tone"].PassRates, Is.EqualTo(new PassRates(1, 1)));
        });
    }

    [Test]
    public async Task A_case_missing_from_the_baseline_file_is_new_and_a_failed_baseline_is_a_provider_error_of_the_baseline()
    {
        var baselineFile = Path.Combine(workspace.Root, "partial.jsonl");
        File.WriteAllText(baselineFile, string.Join("\n",
            """{"type":"case","suite":"upgrade","case":"sum","output":"42","provider":"fixture","model":"old"}""",
            """{"type":"case","suite":"upgrade","case":"city","output":null,"failure":{"kind":"timeout","message":"no response within 5 s"}}""",
            """{"type":"verdict","passed":true}"""));

        var run = await CompareAsync(ComparisonSide.Recorded(baselineFile), ComparisonSide.Live("new"));

        Assert.Multiple(() =>
        {
            Assert.That(run["tone"].Outcome, Is.EqualTo(CaseOutcome.New));
            Assert.That(run["tone"].Summary, Does.Contain("has no output for this case"));
            Assert.That(run["city"].Outcome, Is.EqualTo(CaseOutcome.ProviderError));
            Assert.That(run["city"].Failure!.Source, Is.EqualTo("baseline"));
            Assert.That(run["sum"].Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
        });
    }

    [Test]
    public void A_comparison_needs_a_baseline_and_reads_it_from_the_environment()
    {
        var missing = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(new RunOptions { Mode = RunMode.Compare }));
        var notCompare = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(new RunOptions { Mode = RunMode.Verify, Baseline = ComparisonSide.Live("old") }));
        var twoCandidates = Assert.ThrowsAsync<RunInputException>(() =>
            workspace.RunAsync(new RunOptions { Mode = RunMode.Compare, Baseline = ComparisonSide.Live("old"), Candidate = ComparisonSide.Live("new"), ModelOverride = "other" }));
        Assert.Multiple(() =>
        {
            Assert.That(missing!.Message, Does.StartWith("A comparison needs a baseline"));
            Assert.That(notCompare!.Message, Does.Contain("only compared in compare mode"));
            Assert.That(twoCandidates!.Message, Does.StartWith("Two candidates were named"));
        });
    }

    [Test]
    public async Task The_environment_names_the_sides_for_a_test_framework()
    {
        var run = await workspace.RunAsync(new RunOptions(), new Dictionary<string, string>
        {
            ["LLMGUARD_MODE"] = "compare",
            ["LLMGUARD_BASELINE"] = "old",
            ["LLMGUARD_CANDIDATE"] = "new",
        });

        Assert.That(run.Results.Select(result => result.Outcome), Is.EqualTo(new[] { CaseOutcome.JudgedEquivalent, CaseOutcome.AssertionFailed, CaseOutcome.Unchanged }));
    }

    [Test]
    public void A_results_file_that_is_not_one_is_refused_with_its_line()
    {
        var file = Path.Combine(workspace.Root, "broken.jsonl");
        File.WriteAllText(file, "{\"type\":\"case\",\"suite\":\"upgrade\",\"case\":\"sum\",\"output\":\"42\"}\nnot json\n");
        var noOutput = Path.Combine(workspace.Root, "old-format.jsonl");
        File.WriteAllText(noOutput, "{\"type\":\"case\",\"suite\":\"upgrade\",\"case\":\"sum\",\"summary\":\"ok\"}\n");

        var broken = Assert.ThrowsAsync<RunInputException>(() => CompareAsync(ComparisonSide.Recorded(file)));
        var old = Assert.ThrowsAsync<RunInputException>(() => CompareAsync(ComparisonSide.Recorded(noOutput)));
        Assert.Multiple(() =>
        {
            Assert.That(broken!.Message, Does.StartWith(Path.GetFullPath(file) + ":2: not valid JSON"));
            Assert.That(old!.Message, Does.Contain(":1: the record of upgrade/sum has no 'output'"));
        });
    }

    [Test]
    public async Task A_recorded_tool_call_is_compared_with_the_same_live_call_as_unchanged()
    {
        workspace.Models.ToolCalls["old\nGreet me."] = [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["name"] = "Ada", ["formal"] = true })];
        var baselineFile = Path.Combine(workspace.Root, "old.jsonl");
        await CompareAsync(ComparisonSide.Live("old"), ComparisonSide.Live("old"), results: baselineFile);

        var run = await CompareAsync(ComparisonSide.Recorded(baselineFile), ComparisonSide.Live("old"));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(baselineFile), Does.Contain("\"tool_calls\":[{\"name\":\"lookup\""), "the file carries the call");
            Assert.That(run["tone"].Outcome, Is.EqualTo(CaseOutcome.Unchanged), run["tone"].Summary);
            Assert.That(run["tone"].ToolCalls.Select(call => call.ToString()), Is.EqualTo(new[] { "lookup({\"formal\":true,\"name\":\"Ada\"})" }));
        });
    }

    [Test]
    public async Task Two_results_files_compare_their_tool_calls_in_every_repeat()
    {
        workspace.Models.ToolCalls["old\nGreet me."] = [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["name"] = "Ada" })];
        workspace.Models.ToolCalls["new\nGreet me."] = [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["name"] = "Bob" })];
        var baselineFile = Path.Combine(workspace.Root, "old.jsonl");
        var candidateFile = Path.Combine(workspace.Root, "new.jsonl");
        await CompareAsync(ComparisonSide.Live("old"), ComparisonSide.Live("old"), results: baselineFile, repeat: 2);
        await CompareAsync(ComparisonSide.Live("new"), ComparisonSide.Live("new"), results: candidateFile, repeat: 2);
        workspace.Models.Calls.Clear();

        var run = await CompareAsync(ComparisonSide.Recorded(baselineFile), ComparisonSide.Recorded(candidateFile));

        Assert.Multiple(() =>
        {
            Assert.That(workspace.Models.Calls, Is.Empty);
            Assert.That(run["tone"].Outcome, Is.EqualTo(CaseOutcome.Changed), "same text, another argument");
            Assert.That(run["tone"].Summary, Does.Contain("tool calls differ"));
            Assert.That(run["tone"].Diff, Does.Contain("lookup").And.Contain("Ada").And.Contain("Bob"));
            Assert.That(run["tone"].Repeats.Select(repeat => repeat.ToolCalls.Single().Arguments), Is.EqualTo(new[] { "{\"name\":\"Bob\"}", "{\"name\":\"Bob\"}" }));
        });
    }

    [Test]
    public async Task Recorded_usage_feeds_the_output_token_budget()
    {
        workspace.WriteSuite(Suite.Replace("max_changed_share: 0.5", "max_changed_share: 1\n  max_output_tokens_increase: 0.1"));
        var baselineFile = Path.Combine(workspace.Root, "old.jsonl");
        var candidateFile = Path.Combine(workspace.Root, "new.jsonl");
        File.WriteAllText(baselineFile,
            """{"type":"case","suite":"upgrade","case":"tone","output":"Hello.","tool_calls":[],"usage":{"input_tokens":10,"output_tokens":100,"estimated":false}}""" + "\n");
        File.WriteAllText(candidateFile,
            """{"type":"case","suite":"upgrade","case":"tone","output":"Hello.","tool_calls":[],"usage":{"input_tokens":10,"output_tokens":150,"estimated":false}}""" + "\n");

        var run = await CompareAsync(ComparisonSide.Recorded(baselineFile), ComparisonSide.Recorded(candidateFile));

        var rule = run.Suite.Rules.Single(result => result.Rule == "max_output_tokens_increase");
        Assert.Multiple(() =>
        {
            Assert.That(run["tone"].Usage, Is.EqualTo(new TokenUsage(10, 150)));
            Assert.That(rule.Held, Is.False, rule.Figure);
            Assert.That(rule.Figure, Does.Contain("100 → 150"));
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [TestCase("""{"tool_calls":{}}""", "'tool_calls' is not an array")]
    [TestCase("""{"tool_calls":[{"name":"","arguments":"{}"}]}""", "'tool_calls[0].name' is missing")]
    [TestCase("""{"tool_calls":[{"name":"look\u001bup","arguments":"[1]"}]}""", "'tool_calls[0].arguments' of look\\u001Bup is not a JSON object")]
    [TestCase("""{"usage":{"input_tokens":-1,"output_tokens":2}}""", "'usage.input_tokens' is missing or not a whole number")]
    [TestCase("""{"usage":{"input_tokens":1,"output_tokens":2,"estimated":"no"}}""", "'usage.estimated' is not true or false")]
    [TestCase("""{"repeats":[{"output":"a","tool_calls":[{"name":"x"}]}]}""", "'repeats[0].tool_calls[0].arguments' is missing")]
    [TestCase("""{"tool_calls":[{"name":"x","arguments":"{}"}],"repeats":[{"output":"a"}]}""", "'repeats[0]' has no 'tool_calls'")]
    public void A_malformed_tool_call_or_usage_is_refused_with_the_field(string fields, string message)
    {
        var file = Path.Combine(workspace.Root, "bad.jsonl");
        File.WriteAllText(file, """{"type":"case","suite":"upgrade","case":"tone","output":"Hello.",""" + fields[1..] + "\n");

        var refused = Assert.ThrowsAsync<RunInputException>(() => CompareAsync(ComparisonSide.Recorded(file)));

        Assert.That(refused!.Message, Does.Contain(Path.GetFullPath(file) + ":1: the record of upgrade/tone: " + message));
    }
}
