using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// Drift analysis end to end with the built-in runtime, through suites only: a byte-identical candidate, the demo fine-tune
/// gated at 20% and then marked as intended, <c>compare</c> against live models and results files, and repeats with seeded
/// sampling (reproducible) against unseeded sampling (agreement below 1).
/// </summary>
[NonParallelizable]
public sealed partial class LocalDriftTests
{
    private static readonly string ModelsDirectory = Path.Combine(Path.GetTempPath(), "llmguard-cli-test-models");

    private TempWorkspace workspace = null!;
    private string suite = "";

    private Dictionary<string, string> Environment => new() { ["LLMGUARD_MODELS"] = ModelsDirectory };

    [SetUp]
    public void SetUp()
    {
        workspace = new TempWorkspace();
        suite = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "suites", "demo", "assistant.yaml"));
        workspace.Write("suites/assistant.yaml", suite);
    }

    [TearDown]
    public void TearDown() => workspace.Dispose();

    private Task<CliResult> RunAsync(params string[] args) =>
        InProcessCli.RunAsync(Environment, [.. args, "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath]);

    private static List<string> Cases(string output, string outcome) =>
        [.. output.Split('\n').Where(line => line.StartsWith(outcome + " ", StringComparison.Ordinal)).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])];

    [Test]
    public async Task A_candidate_with_byte_identical_weights_passes_and_says_same_weights()
    {
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);
        var models = await InProcessCli.RunAsync(Environment, "demo-models", "--directory", ModelsDirectory);
        var basePath = BaseModelLine().Match(models.Out).Groups["path"].Value;
        var copy = workspace.PathOf("base-copy.gguf");
        File.Copy(basePath, copy);

        var candidate = await RunAsync("run", "--model", copy);

        Assert.Multiple(() =>
        {
            Assert.That(candidate.ExitCode, Is.Zero, candidate.ToString());
            Assert.That(Cases(candidate.Out, "unchanged"), Has.Count.EqualTo(10));
            Assert.That(candidate.Out, Does.Contain($"candidate model: local/demo → local/{copy}; same weights"));
            Assert.That(candidate.Out, Does.Not.Contain("model identity changed:"), "no identity line gates or is reported as a change of weights");
        });
    }

    [Test]
    public async Task The_fine_tune_fails_a_10_percent_gate_naming_its_changes_and_passes_once_they_are_marked_intended()
    {
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);

        var tuned = await RunAsync("run", "--model", "demo-finetuned");
        var changed = Cases(tuned.Out, "changed");
        Assert.Multiple(() =>
        {
            Assert.That(tuned.ExitCode, Is.EqualTo(1), tuned.ToString());
            Assert.That(changed, Has.Count.EqualTo(2), tuned.Out);
            Assert.That(tuned.Out, Does.Contain("     - 2 cases changed (20% of 10); the gate allows 10%"));
            Assert.That(tuned.Out, Does.Contain("candidate model: local/demo → local/demo-finetuned; different weights"));
            Assert.That(tuned.Out, Does.Contain("model identity changed (expected: the requested model changed): digest:"));
            Assert.That(tuned.Out, Does.Not.Contain("     - model identity changed: "), "the identity change is no reason to fail");
        });

        var marked = suite;
        foreach (var name in changed)
        {
            var id = name.Split('/')[1];
            marked = marked.Replace($"  - id: {id}\n", $"  - id: {id}\n    expect_change: true\n", StringComparison.Ordinal);
        }

        workspace.Write("suites/assistant.yaml", marked);
        var intended = await RunAsync("run", "--model", "demo-finetuned");
        Assert.Multiple(() =>
        {
            Assert.That(intended.ExitCode, Is.Zero, intended.ToString());
            Assert.That(Cases(intended.Out, "intended-change"), Is.EqualTo(changed));
            Assert.That(intended.Out, Does.Contain("intended changes (not gated): " + string.Join(", ", changed.Select(name => name.Split('/')[1]))));
        });
    }

    [Test]
    public async Task Compare_runs_two_live_models_or_a_results_file_without_snapshots()
    {
        var baselineResults = workspace.PathOf("base.jsonl");
        var live = await RunAsync("compare", "--baseline", "demo", "--candidate", "demo-finetuned");
        Assert.That((await RunAsync("run", "--mode", "update", "--results", baselineResults)).ExitCode, Is.Zero);
        var fromFile = await RunAsync("compare", "--baseline", baselineResults, "--candidate", "demo-finetuned");

        Assert.Multiple(() =>
        {
            Assert.That(live.ExitCode, Is.EqualTo(1), live.ToString());
            Assert.That(live.Out, Does.StartWith("llmguard run: 10 case(s), mode compare"));
            Assert.That(Cases(live.Out, "changed"), Has.Count.EqualTo(2));
            Assert.That(live.Out, Does.Contain("output differs from the baseline"));
            Assert.That(Cases(fromFile.Out, "changed"), Is.EqualTo(Cases(live.Out, "changed")));
            Assert.That(fromFile.Out, Does.Contain("paired test: 0 regressions, 0 improvements of 10 cases"), "the demo cases pass by their assertions on both sides");
        });

        var recorded = File.ReadAllText(baselineResults);
        var overBaseline = await RunAsync("compare", "--baseline", baselineResults, "--candidate", "demo-finetuned", "--results", baselineResults);
        var reportOverBaseline = await RunAsync("compare", "--baseline", baselineResults, "--candidate", "demo-finetuned", "--report", "json=" + baselineResults);
        Assert.Multiple(() =>
        {
            Assert.That(overBaseline.ExitCode, Is.EqualTo(2), overBaseline.ToString());
            Assert.That(overBaseline.AllOutput, Does.Contain("the results stream (--results or $LLMGUARD_RESULTS) would be written over"));
            Assert.That(reportOverBaseline.ExitCode, Is.EqualTo(2), reportOverBaseline.ToString());
            Assert.That(reportOverBaseline.AllOutput, Does.Contain("report would be written over").And.Contain("the results file the baseline is read from"));
            Assert.That(File.ReadAllText(baselineResults), Is.EqualTo(recorded), "the baseline's record is untouched");
        });
    }

    [Test]
    public async Task Seeded_repeats_are_reproducible_and_unseeded_ones_disagree()
    {
        const string Sampled = """
            id: sampled
            target:
              provider: local
              model: demo
              temperature: 0.9
              top_k: 40
              seed: 1234
              max_tokens: 12
            defaults:
              repeat: 6
            gate:
              max_changed_share: 1
            cases:
              - id: poem
                prompt: Write a poem about the sea
              - id: garden
                prompt: Write about a green garden
              - id: strange
                prompt: Tell me something strange
            """;
        workspace.Write("suites/assistant.yaml", Sampled);
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);
        var first = await RunAsync("run", "--results", workspace.PathOf("seeded-1.jsonl"));
        var second = await RunAsync("run", "--results", workspace.PathOf("seeded-2.jsonl"));
        workspace.Write("suites/assistant.yaml", Sampled.Replace("  seed: 1234\n", "", StringComparison.Ordinal));
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);
        var unseeded = await RunAsync("run", "--results", workspace.PathOf("unseeded.jsonl"));

        var seeded = Records(workspace.PathOf("seeded-1.jsonl"));
        var again = Records(workspace.PathOf("seeded-2.jsonl"));
        var free = Records(workspace.PathOf("unseeded.jsonl"));
        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.Zero, first.ToString());
            Assert.That(seeded.Select(record => record.GetProperty("stability").GetProperty("tarr").GetDouble()), Is.All.EqualTo(1), "a pinned seed samples the same text six times");
            Assert.That(seeded.Select(record => record.GetProperty("agreement").GetDouble()), Is.All.EqualTo(1));
            Assert.That(again.Select(Outputs), Is.EqualTo(seeded.Select(Outputs)), "and again in the next run");
            Assert.That(second.Out, Is.EqualTo(first.Out));
            Assert.That(free.Select(record => record.GetProperty("stability").GetProperty("distinct_outputs").GetInt32()).Max(), Is.GreaterThan(1), unseeded.Out);
            Assert.That(free.Select(record => record.GetProperty("agreement").GetDouble()).Min(), Is.LessThan(1), "unseeded repeats disagree with the recorded output");
            Assert.That(free.SelectMany(record => record.GetProperty("repeats").EnumerateArray().Skip(1)).Select(run => run.GetProperty("seed").ValueKind),
                Is.All.EqualTo(JsonValueKind.Number), "each further run carries the seed it was given");
        });
    }

    [Test]
    public async Task Calibrate_stores_variants_byte_identically_when_seeded_and_is_refused_on_ci()
    {
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);
        var calibration = await RunAsync("calibrate", "--repeat", "3", "--case", "sky-blue");
        var variants = Path.Combine(workspace.SnapshotsPath, "demo-assistant", "sky-blue.variants.txt");
        var bytes = File.ReadAllBytes(variants);
        await RunAsync("calibrate", "--repeat", "3", "--case", "sky-blue");
        var refused = await InProcessCli.RunAsync(new Dictionary<string, string> { ["LLMGUARD_MODELS"] = ModelsDirectory, ["CI"] = "true" },
            "calibrate", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);

        Assert.Multiple(() =>
        {
            Assert.That(calibration.ExitCode, Is.Zero, calibration.ToString());
            Assert.That(calibration.Out, Does.Contain("unchanged         demo-assistant/sky-blue  all 3 runs reproduce the verified output (TARr@3 = 1)"));
            Assert.That(File.ReadAllText(variants), Does.StartWith("# llmguard variants 1\nsuite: demo-assistant\ncase: sky-blue\n").And.Contain("runs: 3\nagreement: 1\n"));
            Assert.That(File.ReadAllBytes(variants), Is.EqualTo(bytes));
            Assert.That(refused.ExitCode, Is.EqualTo(2));
            Assert.That(refused.Error, Does.StartWith("Refusing to calibrate on a CI machine"));
        });
    }

    private static List<JsonElement> Records(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonDocument.Parse(line).RootElement).Where(record => record.GetProperty("type").GetString() == "case")];

    private static string Outputs(JsonElement record) =>
        string.Join("\u241E", record.GetProperty("repeats").EnumerateArray().Select(run => run.GetProperty("output").GetString()));

    [GeneratedRegex(@"^demo\s+(?<path>\S+)\s+sha256:", RegexOptions.Multiline)]
    private static partial Regex BaseModelLine();
}
