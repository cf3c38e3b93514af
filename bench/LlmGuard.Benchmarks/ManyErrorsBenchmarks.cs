using System.Text;
using BenchmarkDotNet.Attributes;
using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Benchmarks;

/// <summary>
/// <see cref="SuiteLoader"/> on a suite whose every case names an undefined template variable (issue 13: 50,000 such
/// errors once took 110 s), against the same suite with the variable defined, which loads without an error.
/// </summary>
[MemoryDiagnoser]
[BoundedIterations]
public class ManyErrorsBenchmarks
{
    private string folder = "";
    private string invalidPath = "";
    private string validPath = "";

    /// <summary>Cases in the suite, each with one undefined variable in the invalid version.</summary>
    [Params(5_000, 50_000)]
    public int Errors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "llmguard-benchmarks", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        invalidPath = Path.Combine(folder, "invalid.yaml");
        validPath = Path.Combine(folder, "valid.yaml");
        File.WriteAllText(invalidPath, Suite(Errors, defineVariable: false));
        File.WriteAllText(validPath, Suite(Errors, defineVariable: true));
        var errors = new SuiteLoader(ProviderNamesForBench).Load(invalidPath).Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        if (errors != Errors || new SuiteLoader(ProviderNamesForBench).Load(validPath).HasErrors)
        {
            throw new InvalidOperationException($"The generated suite has {errors} errors, not {Errors}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    /// <summary>Loads the suite with one undefined variable per case: every error is found, positioned and reported once.</summary>
    [Benchmark]
    public SuiteSet LoadWithErrors() => new SuiteLoader(ProviderNamesForBench).Load(invalidPath);

    /// <summary>Loads the same suite with the variable defined (no error).</summary>
    [Benchmark(Baseline = true)]
    public SuiteSet LoadValid() => new SuiteLoader(ProviderNamesForBench).Load(validPath);

    private static readonly string[] ProviderNamesForBench = ["scripted"];

    private static string Suite(int cases, bool defineVariable)
    {
        var builder = new StringBuilder("id: errors\ntarget:\n  provider: scripted\n  model: fixture-1\n");
        if (defineVariable)
        {
            builder.Append("defaults:\n  vars: { who: the team }\n");
        }

        builder.Append("cases:\n");
        for (var index = 0; index < cases; index++)
        {
            builder.Append("  - id: case-").Append(index).Append("\n    prompt: Say hello to {{who}}, case ").Append(index).Append(".\n");
        }

        return builder.ToString();
    }
}
