using LlmGuard.Equivalence;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Tests.Equivalence;

namespace LlmGuard.Tests.Execution;

/// <summary>The ladder and repeats in a run: judged-equivalent cases, stability measures, seeds, and judge failures that fail closed.</summary>
public sealed class RepeatAndLadderRunTests
{
    private const string Suite = """
        id: math
        target:
          provider: fixture
          model: base
        judge:
          provider: judge
          model: judge-1
        cases:
          - id: sum
            prompt: What is 17 + 25?
            compare: { extract: final-number }
          - id: label
            prompt: Classify 'great product'.
            compare: { extract: { regex: '(?i)\b(positive|negative)\b', ignore_case: true } }
          - id: prose
            prompt: Describe Paris.
            compare: { judge: { criterion: describes the same city, votes: 3 } }
        """;

    private DriftWorkspace workspace = null!;
    private FakeJudgeClient judge = null!;

    [SetUp]
    public void SetUp()
    {
        workspace = new DriftWorkspace(Suite);
        workspace.Models.Answer("base", "What is 17 + 25?", "17 + 25 = 42.");
        workspace.Models.Answer("base", "Classify 'great product'.", "Positive");
        workspace.Models.Answer("base", "Describe Paris.", "Paris is the capital of France.");
        judge = new FakeJudgeClient(prompt => FakeJudgeClient.Answers(prompt) is var (first, second) && first.Contains("Paris", StringComparison.Ordinal) == second.Contains("Paris", StringComparison.Ordinal)
            ? "{\"equivalent\": true, \"reason\": \"Both describe Paris.\"}"
            : "{\"equivalent\": false, \"reason\": \"Another city.\"}");
        workspace.Extend = registry => registry.Register("judge", (_, _) => judge);
    }

    [TearDown]
    public void TearDown()
    {
        judge.Dispose();
        workspace.Dispose();
    }

    [Test]
    public async Task Rewordings_are_judged_equivalent_with_the_deciding_step_and_real_changes_are_changed()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "What is 17 + 25?", "Adding 17 and 25 gives 42.");
        workspace.Models.Answer("base", "Classify 'great product'.", "The sentiment is positive.");
        workspace.Models.Answer("base", "Describe Paris.", "The French capital, Paris, sits on the Seine.");

        var reworded = await workspace.RunAsync(RunMode.Verify);
        workspace.Models.Answer("base", "What is 17 + 25?", "17 + 25 = 43.");
        workspace.Models.Answer("base", "Describe Paris.", "Lyon is a large French city.");
        var changed = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(reworded.Results.Select(result => result.Outcome), Is.All.EqualTo(CaseOutcome.JudgedEquivalent));
            Assert.That(reworded.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
            Assert.That(reworded["sum"].DecidingStep!.ToString(), Is.EqualTo("extract: final-number: '42' in both"));
            Assert.That(reworded["label"].DecidingStep!.Detail, Does.EndWith("'Positive' in both"));
            Assert.That(reworded["prose"].DecidingStep!.Step, Is.EqualTo(LadderStep.Judge));
            Assert.That(reworded["prose"].DecidingStep!.Votes, Has.Count.EqualTo(3));
            Assert.That(reworded["sum"].Summary, Is.EqualTo("output differs from the verified snapshot but is equivalent by extract: final-number: '42' in both"));
            Assert.That(reworded["sum"].ReceivedPath, Is.Null, "a case that passes writes no received file");
            Assert.That(reworded.Suite.DifferingOutputs, Is.EqualTo(3));
            Assert.That(reworded.Suite.EquivalentByStep, Is.EqualTo(new Dictionary<string, int> { ["extract"] = 2, ["judge"] = 1 }));

            Assert.That(changed["sum"].Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(changed["sum"].Summary, Is.EqualTo("output differs from the verified snapshot: extract: final-number: '42' → '43'"));
            Assert.That(changed["prose"].Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(changed["label"].Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
            Assert.That(changed.Suite.ChangedCases, Is.EqualTo(new[] { "sum", "prose" }));
        });
    }

    [Test]
    public async Task A_judge_failure_is_a_provider_error_of_the_judge_and_fails_the_gate()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "Describe Paris.", "The French capital, Paris.");
        judge.Dispose();
        judge = new FakeJudgeClient(_ => "I think they are similar.");

        var run = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(run["prose"].Outcome, Is.EqualTo(CaseOutcome.ProviderError));
            Assert.That(run["prose"].Failure!.Source, Is.EqualTo("judge"));
            Assert.That(run["prose"].Summary, Does.StartWith("provider error of the judge (malformed-response): the judge's answer is not a verdict"));
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.ProviderErrorsOnly));
        });
    }

    [Test]
    public async Task Repeats_report_tarr_and_tara_and_seed_every_further_run_when_the_target_pins_no_seed()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "What is 17 + 25?", "17 + 25 = 42.", "The sum is 42.", "17 + 25 = 42.", "It is 41.");
        workspace.Models.Calls.Clear();

        var run = await workspace.RunAsync(new RunOptions { Mode = RunMode.Verify, Repeat = 4, Selection = new CaseSelection { Cases = ["sum"] } });

        var sum = run["sum"];
        var seeds = workspace.Models.Calls.Select(call => call.Seed).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sum.Repeats.Select(repeat => repeat.Outcome), Is.EqualTo(new[] { CaseOutcome.Unchanged, CaseOutcome.JudgedEquivalent, CaseOutcome.Unchanged, CaseOutcome.Changed }));
            Assert.That(sum.Outcome, Is.EqualTo(CaseOutcome.Unstable), "3 of 4 runs agree");
            Assert.That(sum.Stability, Is.EqualTo(new Stability(4, 3, 0.5) { Tara = 0.75, DistinctAnswers = 2 }));
            Assert.That(sum.Agreement, Is.EqualTo(0.75));
            Assert.That(sum.PassRates, Is.EqualTo(new PassRates(1, 0.75)));
            Assert.That(sum.Summary, Does.StartWith("3 of 4 runs agree with the verified snapshot (2 unchanged, 1 changed, 1 judged-equivalent)"));
            Assert.That(seeds, Has.Count.EqualTo(4));
            Assert.That(seeds[0], Is.Null, "the first run sends the case's own request");
            Assert.That(seeds.Skip(1), Has.All.Not.Null, "runs 2 to 4 get fresh seeds");
            Assert.That(seeds.Skip(1), Is.Unique);
            Assert.That(sum.Repeats.Skip(1).Select(repeat => repeat.Seed), Is.EqualTo(seeds.Skip(1)), "and the result records them");
            Assert.That(sum.Repeats[0].Seed, Is.Null, "the first run sends the case's own request");
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
        });
    }

    [Test]
    public async Task A_seeded_target_sends_its_own_seed_on_every_repeat()
    {
        workspace.WriteSuite(Suite.Replace("  model: base\n", "  model: base\n  seed: 42\n", StringComparison.Ordinal));
        await workspace.RunAsync(RunMode.Update);

        var run = await workspace.RunAsync(new RunOptions { Mode = RunMode.Verify, Selection = new CaseSelection { Cases = ["label"] } }, new Dictionary<string, string> { ["LLMGUARD_REPEAT"] = "3" });

        Assert.Multiple(() =>
        {
            Assert.That(run["label"].Repeats, Has.Count.EqualTo(3), "LLMGUARD_REPEAT");
            Assert.That(run["label"].Repeats.Select(repeat => repeat.Seed), Is.All.Null);
            Assert.That(workspace.Models.Calls.Where(call => call.Prompt.StartsWith("Classify", StringComparison.Ordinal)).Select(call => call.Seed), Is.All.EqualTo(42));
            Assert.That(run["label"].Stability!.Tarr, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_repeated_case_that_mostly_changes_is_changed()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "What is 17 + 25?", "It is 41.", "It is 40.", "17 + 25 = 42.");

        var run = await workspace.RunAsync(new RunOptions { Mode = RunMode.Verify, Repeat = 3, Selection = new CaseSelection { Cases = ["sum"] } });

        Assert.Multiple(() =>
        {
            Assert.That(run["sum"].Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(run["sum"].Agreement, Is.EqualTo(1.0 / 3).Within(1e-12));
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [Test]
    public void An_invalid_repeat_in_the_environment_stops_the_run()
    {
        var exception = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(new RunOptions { Mode = RunMode.Verify }, new Dictionary<string, string> { ["LLMGUARD_REPEAT"] = "many" }));
        Assert.That(exception!.Message, Is.EqualTo("LLMGUARD_REPEAT='many' is not a whole number of runs."));
    }

    [Test]
    public void A_suite_whose_embedding_provider_cannot_embed_stops_before_any_call()
    {
        workspace.WriteSuite("""
            id: embed
            target:
              provider: fixture
              model: base
            embedding:
              provider: fixture
              model: embedder
            cases:
              - id: sum
                prompt: What is 17 + 25?
                compare: { embedding: 0.8 }
            """);

        var exception = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(RunMode.Verify));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("the provider 'fixture' of its 'embedding' model cannot make embeddings"));
            Assert.That(workspace.Models.Calls, Is.Empty);
        });
    }

    [Test]
    public async Task Embeddings_from_a_registered_generator_decide_a_case()
    {
        workspace.WriteSuite("""
            id: embed
            target:
              provider: fixture
              model: base
            embedding:
              provider: fixture
              model: embedder
            cases:
              - id: sum
                prompt: What is 17 + 25?
                compare: { embedding: 0.5 }
            """);
        var generator = new FakeEmbeddingGenerator(text => text.Contains("42", StringComparison.Ordinal) ? [1f, 0.1f] : [0f, 1f]);
        workspace.Extend = registry => registry.RegisterEmbeddings("fixture", (_, _) => generator);
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "What is 17 + 25?", "Forty-two, that is 42.");

        var run = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(run["sum"].Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
            Assert.That(run["sum"].DecidingStep!.Step, Is.EqualTo(LadderStep.Embedding));
            Assert.That(run["sum"].DecidingStep!.Model!.ResolvedModelId, Is.EqualTo("fake-embedder"));
            Assert.That(File.Exists(Path.Combine(workspace.Root, "cache", "embeddings.jsonl")), Is.True);
        });
    }
}
