using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Reporting;

namespace LlmGuard.Tests.Reporting;

/// <summary>
/// A 40-case base-vs-candidate run through the real engine: two suites recorded on <c>base-1</c>, then run on the
/// candidate <c>candidate-1</c>, whose answers differ in a few words for some cases, fail an assertion for one and are
/// missing (a provider error) for another.
/// </summary>
internal sealed class ReportScenario : IDisposable
{
    public const int CaseCount = 40;

    private readonly Dictionary<string, string> baseAnswers = [];
    private readonly Dictionary<string, string> candidateAnswers = [];

    /// <summary>The number of cases of the optional <c>drift</c> suite.</summary>
    public const int DriftCaseCount = 9;

    /// <summary>Creates the scenario; <paramref name="withDrift"/> adds a suite <c>drift</c> with repeats, an extract step, an intended change and statistics.</summary>
    public ReportScenario(bool withDrift = false)
    {
        Folder = Directory.CreateTempSubdirectory("llmguard-report-").FullName;
        var geo = new List<string> { "id: geo", "target: { provider: scripted, model: base-1, seed: 1 }", "gate: { max_changed_share: 0.2, critical_tags: [safety], fail_on_identity_change: false }", "cases:" };
        var support = new List<string> { "id: support", "target: { provider: scripted, model: base-1, seed: 1 }", "gate: { fail_on_identity_change: false }", "cases:" };
        for (var i = 0; i < CaseCount; i++)
        {
            var isGeo = i < 25;
            var prompt = isGeo ? $"Capital of country {i}?" : $"Support question {i}?";
            var answer = isGeo ? $"The capital of country {i} is Alpha{i}." : $"Please restart the router and wait {i} seconds.";
            var lines = isGeo ? geo : support;
            lines.Add($"  - id: case-{i:D2}");
            lines.Add($"    prompt: \"{prompt}\"");
            lines.Add($"    tags: [{(i % 2 == 0 ? "even" : "odd")}{(i % 10 == 3 ? ", safety" : "")}]");
            if (i == 31)
            {
                lines.Add("    expect: [{ contains: restart }]");
            }

            baseAnswers[prompt] = answer;
            candidateAnswers[prompt] = i switch
            {
                _ when i % 4 == 1 => answer.Replace($"Alpha{i}", $"Omega{i}", StringComparison.Ordinal).Replace("restart", "reboot", StringComparison.Ordinal),
                31 => "Please unplug the router.",
                37 => null!,
                _ => answer,
            };
        }

        foreach (var missing in candidateAnswers.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList())
        {
            candidateAnswers.Remove(missing);
        }

        if (withDrift)
        {
            WriteDriftSuite();
        }

        File.WriteAllLines(Path.Combine(Folder, "geo.yaml"), geo);
        File.WriteAllLines(Path.Combine(Folder, "support.yaml"), support);
    }

    public string Folder { get; }

    /// <summary>
    /// A suite run twice per case whose ladder extracts the final number: reworded answers with the same number are judged
    /// equivalent by <c>extract</c>, one tagged intended changes its number, two others change theirs (both regress, one
    /// failing its assertion), the rest are unchanged; its gate sets no_regressions, significance and an output-token budget.
    /// </summary>
    private void WriteDriftSuite()
    {
        var lines = new List<string>
        {
            "id: drift",
            "target: { provider: scripted, model: base-1, seed: 1 }",
            "gate: { max_changed_share: 0.5, no_regressions: true, significance: 0.05, intended_tags: [tone], max_output_tokens_increase: 0.5, fail_on_identity_change: false }",
            "cases:",
        };
        for (var i = 0; i < DriftCaseCount; i++)
        {
            var prompt = $"Add up list {i}.";
            var answer = $"The total is {10 + i}.";
            lines.Add($"  - id: sum-{i}");
            lines.Add($"    prompt: \"{prompt}\"");
            lines.Add("    repeat: 2");
            lines.Add("    compare: { mode: normalized, extract: final-number }");
            if (i == 2)
            {
                lines.Add("    tags: [tone]");
            }

            if (i == 4)
            {
                lines.Add($"    expect: [{{ contains: \"{10 + i}\" }}]");
            }

            baseAnswers[prompt] = answer;
            candidateAnswers[prompt] = i switch
            {
                0 or 1 => $"Adding them gives {10 + i}, as expected.",
                2 => $"Sure thing! It comes to {30 + i}.",
                3 or 4 => $"The total is {20 + i}.",
                _ => answer,
            };
        }

        File.WriteAllLines(Path.Combine(Folder, "drift.yaml"), lines);
    }

    public string SnapshotsPath => Path.Combine(Folder, "snapshots");

    /// <summary>Records every case on the base model.</summary>
    public async Task RecordBaseAsync() => await RunAsync(new RunOptions { Mode = RunMode.Update }, reportFile: null);

    /// <summary>Runs the candidate in verify mode and returns the run's report (also written as JSON to <paramref name="reportFile"/>).</summary>
    public Task<RunReport> RunCandidateAsync(string reportFile, RunShard? shard = null, IReadOnlyList<ReportRequest>? moreReports = null, CaseSelection? selection = null) =>
        RunAsync(new RunOptions { Mode = RunMode.Verify, ModelOverride = "candidate-1", Shard = shard, Selection = selection ?? CaseSelection.All, Reports = [new ReportRequest(ReportFormat.Json, reportFile), .. moreReports ?? []] }, reportFile);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private async Task<RunReport> RunAsync(RunOptions options, string? reportFile)
    {
        var set = new SuiteLoader().Load(Folder);
        if (set.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException(string.Join("\n", set.Diagnostics));
        }

        var registry = new ProviderRegistry().Register("scripted", (target, _) =>
            new ScriptedChatClient(target.Model, target.Model == "candidate-1" ? candidateAnswers : baseAnswers));
        await using var session = RunSession.Start(set.Suites, options with { Concurrency = 4 }, registry, SnapshotsPath, _ => null);
        await foreach (var _ in session.RunAsync(CancellationToken.None))
        {
        }

        session.Finish();
        return reportFile is null ? null! : session.Report ?? throw new InvalidOperationException("no report was built");
    }

    /// <summary>A report file in the scenario's folder.</summary>
    public string PathOf(string name) => Path.Combine(Folder, name);
}
