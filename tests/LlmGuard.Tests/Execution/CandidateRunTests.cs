using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;

namespace LlmGuard.Tests.Execution;

/// <summary>
/// Candidate runs: a different identity after a change of the requested model is expected and reported, behaviour is gated;
/// the same identity change under an unchanged name still gates; a candidate never overwrites a verified snapshot.
/// </summary>
public sealed class CandidateRunTests
{
    private const string Suite = """
        id: assistant
        target:
          provider: fixture
          model: base
        gate:
          max_changed_share: 0.2
        cases:
          - id: q0
            prompt: Question 0?
          - id: q1
            prompt: Question 1?
          - id: q2
            prompt: Question 2?
          - id: q3
            prompt: Question 3?
          - id: q4
            prompt: Question 4?
          - id: q5
            prompt: Question 5?
          - id: q6
            prompt: Question 6?
          - id: q7
            prompt: Question 7?
          - id: q8
            prompt: Question 8?
          - id: q9
            prompt: Question 9?
        """;

    private DriftWorkspace workspace = null!;

    [SetUp]
    public void SetUp()
    {
        workspace = new DriftWorkspace(Suite);
        foreach (var model in new[] { "base", "base-copy", "tuned" })
        {
            for (var index = 0; index < 10; index++)
            {
                workspace.Models.Answer(model, $"Question {index}?", $"Answer {index}.");
            }
        }

        workspace.Models.Digests["base"] = "sha256:aaaa";
        workspace.Models.Digests["base-copy"] = "sha256:aaaa";
        workspace.Models.Digests["tuned"] = "sha256:bbbb";
    }

    [TearDown]
    public void TearDown() => workspace.Dispose();

    [Test]
    public async Task A_byte_identical_candidate_passes_and_is_stated_to_have_the_same_weights()
    {
        await workspace.RunAsync(RunMode.Update);

        var run = await workspace.RunAsync(RunMode.Verify, model: "base-copy");

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed), string.Join("\n", run.Suite.Reasons));
            Assert.That(run.Results.Select(result => result.Outcome), Is.All.EqualTo(CaseOutcome.Unchanged));
            Assert.That(run.Suite.SameWeights, Is.True);
            Assert.That(run.Suite.ModelChange!.ToString(), Is.EqualTo("model: fixture/base → fixture/base-copy"));
            Assert.That(run["q0"].SameWeights, Is.True);
            Assert.That(run["q0"].IdentityChanges.Select(change => (change.Field, change.Gating, change.Expected)),
                Is.EqualTo(new[] { ("model", false, true), ("resolved_model", false, true) }));
            Assert.That(LlmGuard.Reporting.RunSummaryReport.Format(run.Verdict), Does.Contain("candidate model: fixture/base → fixture/base-copy; same weights"));
        });
    }

    [Test]
    public async Task A_candidate_that_changes_3_of_10_cases_fails_a_gate_of_20_percent_naming_the_three()
    {
        await workspace.RunAsync(RunMode.Update);
        foreach (var index in new[] { 2, 5, 7 })
        {
            workspace.Models.Answer("tuned", $"Question {index}?", $"A different answer {index}.");
        }

        var run = await workspace.RunAsync(RunMode.Verify, model: "tuned");

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
            Assert.That(run.Suite.ChangedCases, Is.EqualTo(new[] { "q2", "q5", "q7" }));
            Assert.That(run.Suite.Reasons, Is.EqualTo(new[] { "3 cases changed (30% of 10); the gate allows 20%" }), "the expected identity change is no reason");
            Assert.That(run.Suite.SameWeights, Is.False);
            Assert.That(run["q2"].PassRates, Is.EqualTo(new PassRates(1, 0)));
            Assert.That(run.Suite.Statistics!.Regressions, Is.EqualTo(3), "a candidate run carries the paired comparison");
            Assert.That(run.Suite.Statistics.Verdict, Is.EqualTo(LlmGuard.Statistics.StatisticalVerdict.Underpowered));
            Assert.That(File.ReadAllText(workspace.SnapshotPath("assistant", "q2")), Does.Contain("Answer 2."), "the verified snapshot is untouched");
            Assert.That(File.ReadAllText(workspace.SnapshotPath("assistant", "q2", "received")), Does.Contain("model: tuned"));
        });
    }

    [Test]
    public async Task The_same_three_marked_expect_change_pass_and_are_listed_as_intended()
    {
        await workspace.RunAsync(RunMode.Update);
        var marked = Suite;
        foreach (var index in new[] { 2, 5, 7 })
        {
            marked = marked.Replace($"    prompt: Question {index}?", $"    prompt: Question {index}?\n    expect_change: true", StringComparison.Ordinal);
            workspace.Models.Answer("tuned", $"Question {index}?", $"A different answer {index}.");
        }

        workspace.WriteSuite(marked);
        var run = await workspace.RunAsync(RunMode.Verify, model: "tuned");

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed), string.Join("\n", run.Suite.Reasons));
            Assert.That(run.Suite.IntendedChanges, Is.EqualTo(new[] { "q2", "q5", "q7" }));
            Assert.That(run["q5"].Outcome, Is.EqualTo(CaseOutcome.IntendedChange));
            Assert.That(run["q5"].Summary, Does.StartWith("intended change: output differs from the verified snapshot"));
            Assert.That(run["q5"].Diff, Does.Contain("+A different answer 5."), "an intended change shows its diff");
            Assert.That(File.Exists(workspace.SnapshotPath("assistant", "q5", "received")), Is.True, "and can be accepted");
            Assert.That(LlmGuard.Reporting.RunSummaryReport.Format(run.Verdict), Does.Contain("intended changes (not gated): q2, q5, q7"));
        });
    }

    [Test]
    public async Task An_edited_suite_model_is_a_candidate_too()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.WriteSuite(Suite.Replace("model: base", "model: tuned", StringComparison.Ordinal));

        var run = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed), string.Join("\n", run.Suite.Reasons));
            Assert.That(run["q0"].IdentityChanges.Where(change => change.Field == "digest").Single(), Has.Property(nameof(IdentityChange.Expected)).True);
            Assert.That(run.Suite.SameWeights, Is.False);
        });
    }

    [Test]
    public async Task New_weights_behind_an_unchanged_name_still_fail_the_gate()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Digests["base"] = "sha256:cccc";

        var run = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(run.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
            Assert.That(run.Suite.Reasons, Is.EqualTo(new[] { "model identity changed: digest: sha256:aaaa → sha256:cccc" }));
            Assert.That(run.Suite.ModelChange, Is.Null);
            Assert.That(run.Suite.Statistics, Is.Null, "a plain verify of the suite's own model computes no paired comparison");
        });
    }

    [Test]
    public async Task A_candidate_never_overwrites_verified_snapshots()
    {
        await workspace.RunAsync(RunMode.Update);
        var before = File.ReadAllBytes(workspace.SnapshotPath("assistant", "q0"));

        var exception = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(RunMode.Update, model: "tuned"));
        var fromEnvironment = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(new RunOptions { Mode = RunMode.Update }, new Dictionary<string, string> { ["LLMGUARD_MODEL"] = "tuned" }));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("never writes verified snapshots"));
            Assert.That(fromEnvironment!.Message, Does.Contain("never writes verified snapshots"));
            Assert.That(File.ReadAllBytes(workspace.SnapshotPath("assistant", "q0")), Is.EqualTo(before));
            Assert.That(workspace.Models.Calls.Count(call => call.Model == "tuned"), Is.Zero, "refused before any call");
        });
    }
}
