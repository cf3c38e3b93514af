using BenchmarkDotNet.Attributes;
using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Benchmarks;

/// <summary>
/// <see cref="SuiteLoader.Load(string)"/> of a generated suite folder: read, YAML parse with the structure check, validate every
/// case (provider names from the built-in registry, as the <c>llmguard</c> command does), substitute template variables.
/// </summary>
[MemoryDiagnoser]
[BoundedIterations]
public class SuiteLoadBenchmarks
{
    private BenchWorkspace? workspace;
    private SuiteLoader? loader;

    /// <summary>Cases in the generated suite.</summary>
    [Params(1_000, 10_000)]
    public int Cases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        workspace = BenchWorkspace.Create(Cases);
        workspace.Load();
        loader = new SuiteLoader(BenchWorkspace.KnownProviders);
    }

    [GlobalCleanup]
    public void Cleanup() => workspace?.Dispose();

    [Benchmark]
    public SuiteSet Load() => loader!.Load(workspace!.Suite.SuitesPath);
}
