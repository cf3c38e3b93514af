using System.Text;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Providers.Tests.Infrastructure;

/// <summary>A temporary folder with one suite file, run through <see cref="RunOrchestrator"/> with the built-in providers.</summary>
internal sealed class SuiteWorkspace : IDisposable
{
    public const string OpenAIKey = "sk-test-4f9Qz7Lm2Xc8Vb1Nk3Jh5Gd6";
    public const string AzureKey = "0123456789abcdef0123456789abcdef";

    public SuiteWorkspace(string suiteYaml)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("llmguard-providers-").FullName;
        SuitePath = Path.Combine(Directory, "suite.yaml");
        File.WriteAllText(SuitePath, suiteYaml);
    }

    public string Directory { get; }

    public string SuitePath { get; }

    public FastTimeProvider Clock { get; } = new();

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["OPENAI_API_KEY"] = OpenAIKey,
        ["AZURE_OPENAI_API_KEY"] = AzureKey,
    };

    public StringBuilder Report { get; } = new();

    public ResilienceOptions Resilience => new() { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromSeconds(1), TimeProvider = Clock };

    public ProviderRegistry Registry => new ProviderRegistry().AddOpenAI(Resilience).AddAzureOpenAI(Resilience).AddOpenAICompatible(Resilience).AddOllama(Resilience);

    public SnapshotStore Store => new(Path.Combine(Directory, "snapshots"));

    public Suite LoadSuite()
    {
        var set = new SuiteLoader(Registry.Names).Load(SuitePath);
        Assert.That(set.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, string.Join("\n", set.Diagnostics));
        return set.Suites.Single();
    }

    public async Task<(List<CaseResult> Results, RunVerdict Verdict)> RunAsync(RunMode mode, ResilienceOptions? resilience = null, string? model = null)
    {
        var suite = LoadSuite();
        var results = new List<CaseResult>();
        var registry = new ProviderRegistry().AddOpenAI(resilience ?? Resilience).AddAzureOpenAI(resilience ?? Resilience).AddOpenAICompatible(resilience ?? Resilience).AddOllama(resilience ?? Resilience);
        var verdict = await RunOrchestrator.RunAsync(
            [suite], new RunOptions { Mode = mode, Concurrency = 4, ModelOverride = model }, registry, Store,
            result =>
            {
                results.Add(result);
                Report.AppendLine(CaseReport.Line(result)).AppendLine(CaseReport.Details(result));
            },
            CancellationToken.None, name => Environment.GetValueOrDefault(name));
        Report.AppendLine(RunSummaryReport.Format(verdict));
        return (results, verdict);
    }

    public string ReadVerified(string caseId) => File.ReadAllText(Store.PathOf("suite", caseId, SnapshotKind.Verified));

    public IEnumerable<string> WrittenFiles() => System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>A suite with the given target lines (indented under <c>target:</c>) and cases asking the given prompts.</summary>
    public static string Suite(string targetLines, params string[] prompts)
    {
        var builder = new StringBuilder("id: suite\ntarget:\n");
        foreach (var line in targetLines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append("  ").Append(line.TrimEnd()).Append('\n');
        }

        builder.Append("cases:\n");
        for (var index = 0; index < prompts.Length; index++)
        {
            builder.Append($"  - id: case-{index + 1}\n    prompt: \"{prompts[index]}\"\n");
        }

        return builder.ToString();
    }
}
