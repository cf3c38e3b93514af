using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Results;

namespace LlmGuard.Tests.Execution;

/// <summary>A temporary folder with one suite file and its snapshots, run through the engine with the fixture models.</summary>
internal sealed class DriftWorkspace : IDisposable
{
    public DriftWorkspace(string suiteYaml)
    {
        Root = Directory.CreateTempSubdirectory("llmguard-drift-").FullName;
        WriteSuite(suiteYaml);
    }

    public string Root { get; }

    public string Snapshots => Path.Combine(Root, "snapshots");

    public FixtureModels Models { get; } = new();

    public Func<ProviderRegistry, ProviderRegistry> Extend { get; set; } = registry => registry;

    public void WriteSuite(string yaml) => File.WriteAllText(Path.Combine(Root, "suite.yaml"), yaml.ReplaceLineEndings("\n"));

    public string SnapshotPath(string suite, string caseId, string kind = "verified") => Path.Combine(Snapshots, suite, $"{caseId}.{kind}.txt");

    public async Task<Run> RunAsync(RunOptions options, IReadOnlyDictionary<string, string>? environment = null)
    {
        var set = new SuiteLoader().Load(Path.Combine(Root, "suite.yaml"));
        Assert.That(set.HasErrors, Is.False, string.Join("\n", set.Diagnostics));
        var results = new List<CaseResult>();
        var verdict = await RunOrchestrator.RunAsync(set.Suites, options with { CachePath = options.CachePath ?? Path.Combine(Root, "cache") },
            Extend(Models.Registry()), Snapshots, results.Add, CancellationToken.None, name => environment?.GetValueOrDefault(name));
        return new Run(results, verdict);
    }

    public Task<Run> RunAsync(RunMode mode, string? model = null, int? repeat = null) => RunAsync(new RunOptions { Mode = mode, ModelOverride = model, Repeat = repeat });

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public sealed record Run(List<CaseResult> Results, RunVerdict Verdict)
    {
        public CaseResult this[string caseId] => Results.Single(result => result.Case == caseId);

        public SuiteVerdict Suite => Verdict.Suites.Single();
    }
}
