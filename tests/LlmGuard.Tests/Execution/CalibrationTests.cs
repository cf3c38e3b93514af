using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Tests.Execution;

/// <summary>
/// <c>calibrate</c>: k runs of the baseline store the accepted variants and the agreement with the snapshot; a later output
/// within the variants is unstable, not changed; a calibration that never reproduces the snapshot accepts nothing.
/// </summary>
public sealed class CalibrationTests
{
    private const string Suite = """
        id: noisy
        target:
          provider: fixture
          model: base
          temperature: 0.8
        cases:
          - id: poem
            prompt: Write a line about the sea.
          - id: fact
            prompt: Capital of France?
        """;

    private DriftWorkspace workspace = null!;

    [SetUp]
    public void SetUp()
    {
        workspace = new DriftWorkspace(Suite);
        workspace.Models.Answer("base", "Write a line about the sea.", "The sea is wide.");
        workspace.Models.Answer("base", "Capital of France?", "Paris.");
    }

    [TearDown]
    public void TearDown() => workspace.Dispose();

    private string VariantsPath(string caseId) => Path.Combine(workspace.Snapshots, "noisy", caseId + ".variants.txt");

    [Test]
    public async Task Calibration_stores_the_distinct_outputs_and_the_agreement_and_a_later_run_within_them_is_unstable()
    {
        await workspace.RunAsync(RunMode.Update);
        var verified = File.ReadAllBytes(workspace.SnapshotPath("noisy", "poem"));
        workspace.Models.Answer("base", "Write a line about the sea.", "The sea is wide.", "Waves roll in.", "The sea is wide.", "Waves roll in.", "Salt and foam.");

        var calibration = await workspace.RunAsync(RunMode.Calibrate, repeat: 5);

        var document = VariantsFormat.Parse(File.ReadAllBytes(VariantsPath("poem")));
        Assert.Multiple(() =>
        {
            Assert.That(calibration["poem"].Outcome, Is.EqualTo(CaseOutcome.Unstable));
            Assert.That(calibration["poem"].Summary, Is.EqualTo("2 of 5 runs reproduce the verified output; 3 variants accepted in poem.variants.txt (TARr@5 = 0.4)"));
            Assert.That(calibration["fact"].Outcome, Is.EqualTo(CaseOutcome.Unchanged));
            Assert.That(calibration["fact"].Summary, Is.EqualTo("all 5 runs reproduce the verified output (TARr@5 = 1)"));
            Assert.That(document.Variants.Select(variant => (variant.Output, variant.Count, variant.IsVerified)),
                Is.EqualTo(new[] { ("The sea is wide.", 2, true), ("Waves roll in.", 2, false), ("Salt and foam.", 1, false) }));
            Assert.That(document.Agreement, Is.EqualTo(0.4));
            Assert.That(File.ReadAllBytes(workspace.SnapshotPath("noisy", "poem")), Is.EqualTo(verified), "a verified file is never touched");
            Assert.That(calibration.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
        });

        workspace.Models.Answer("base", "Write a line about the sea.", "Salt and foam.");
        var within = await workspace.RunAsync(RunMode.Verify);
        workspace.Models.Answer("base", "Write a line about the sea.", "A storm is coming.");
        var outside = await workspace.RunAsync(RunMode.Verify);
        Assert.Multiple(() =>
        {
            Assert.That(within["poem"].Outcome, Is.EqualTo(CaseOutcome.Unstable));
            Assert.That(within["poem"].Summary, Is.EqualTo("output moved within the accepted variants of the verified snapshot: matches accepted variant 3 of 3"));
            Assert.That(within.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
            Assert.That(outside["poem"].Outcome, Is.EqualTo(CaseOutcome.Changed));
        });
    }

    [Test]
    public async Task Recalibrating_with_the_same_outputs_writes_the_same_bytes()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "Write a line about the sea.", "The sea is wide.", "Waves roll in.");
        await workspace.RunAsync(RunMode.Calibrate, repeat: 4);
        var first = File.ReadAllBytes(VariantsPath("poem"));
        var written = File.GetLastWriteTimeUtc(VariantsPath("poem"));

        workspace.Models.Answer("base", "Write a line about the sea.", "Waves roll in.", "The sea is wide.");
        await workspace.RunAsync(RunMode.Calibrate, repeat: 4);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(VariantsPath("poem")), Is.EqualTo(first));
            Assert.That(File.GetLastWriteTimeUtc(VariantsPath("poem")), Is.EqualTo(written), "an identical file is not rewritten");
        });
    }

    [Test]
    public async Task A_calibration_that_never_reproduces_the_snapshot_accepts_nothing()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "Write a line about the sea.", "A storm is coming.", "Thunder.");

        var calibration = await workspace.RunAsync(RunMode.Calibrate, repeat: 3);

        Assert.Multiple(() =>
        {
            Assert.That(calibration["poem"].Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(calibration["poem"].Summary, Does.StartWith("none of the 3 runs reproduced the verified output, so no variant was accepted"));
            Assert.That(File.Exists(VariantsPath("poem")), Is.False);
            Assert.That(calibration.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [Test]
    public async Task A_calibration_made_for_another_request_is_ignored()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "Write a line about the sea.", "The sea is wide.", "Waves roll in.");
        await workspace.RunAsync(RunMode.Calibrate, repeat: 2);
        workspace.WriteSuite(Suite.Replace("temperature: 0.8", "temperature: 0.9", StringComparison.Ordinal));
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Answer("base", "Write a line about the sea.", "Waves roll in.");

        var run = await workspace.RunAsync(RunMode.Verify);

        Assert.That(run["poem"].Outcome, Is.EqualTo(CaseOutcome.Changed), "the variants were measured for temperature 0.8");
    }

    [Test]
    public void Calibration_is_refused_on_ci_and_with_a_candidate_model()
    {
        var onCi = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(new RunOptions { Mode = RunMode.Calibrate }, new Dictionary<string, string> { ["CI"] = "true" }));
        var candidate = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(RunMode.Calibrate, model: "tuned"));
        var once = Assert.ThrowsAsync<RunInputException>(() => workspace.RunAsync(RunMode.Calibrate, repeat: 1));
        Assert.Multiple(() =>
        {
            Assert.That(onCi!.Message, Does.StartWith("Refusing to calibrate on a CI machine (CI is set)"));
            Assert.That(candidate!.Message, Does.Contain("cannot run with a candidate model"));
            Assert.That(once!.Message, Is.EqualTo("Calibration needs at least 2 runs per case (--repeat)."));
        });
    }

    [Test]
    public async Task Calibration_runs_ten_times_by_default()
    {
        await workspace.RunAsync(RunMode.Update);
        workspace.Models.Calls.Clear();

        await workspace.RunAsync(RunMode.Calibrate);

        Assert.That(workspace.Models.Calls.Count(call => call.Prompt == "Capital of France?"), Is.EqualTo(RunOptions.DefaultCalibrationRepeat));
    }
}
