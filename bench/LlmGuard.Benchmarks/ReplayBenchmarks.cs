using BenchmarkDotNet.Attributes;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Suites;

namespace LlmGuard.Benchmarks;

/// <summary>
/// <see cref="RunOrchestrator"/> in replay mode over a loaded suite whose snapshots were recorded in update mode
/// during setup, every case unchanged: plan and fingerprint each case, the pre-flight readability check of every verified
/// snapshot, then per case read and parse the snapshot, compare fingerprints and check the assertions, tally the gate and
/// look for orphaned snapshots. Results are discarded (no console). Loading the suite is not included
/// (<see cref="SuiteLoadBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[BoundedIterations]
public class ReplayBenchmarks
{
    private BenchWorkspace? workspace;
    private IReadOnlyList<Suite> suites = [];

    /// <summary>Cases in the generated suite.</summary>
    [Params(1_000, 10_000)]
    public int Cases { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        workspace = BenchWorkspace.Create(Cases);
        suites = workspace.Load();
        workspace.RecordAsync(suites).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => workspace?.Dispose();

    [Benchmark]
    public Task<RunVerdict> Replay() => workspace!.ReplayAsync(suites, static _ => { });
}
