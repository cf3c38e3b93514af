using BenchmarkDotNet.Attributes;
using LlmGuard.Assertions;
using LlmGuard.Bench;
using LlmGuard.Comparison;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Benchmarks;

/// <summary>
/// The per-case hot path, one step at a time, on a typical case of the generated suite (<c>item-00003</c>: a system
/// prompt, a templated user prompt, and starts-with, min-length, max-length and regex assertions) with a 300–1,500
/// character answer, its snapshot file exactly as the engine recorded it, and a drifted answer for the changed path.
/// </summary>
[MemoryDiagnoser]
[BoundedIterations]
public class CaseHotPathBenchmarks
{
    private const string CaseId = "item-00003";

    private CasePlan? plan;
    private string output = "";
    private string sameOutput = "";
    private string driftedOutput = "";
    private byte[] snapshotBytes = [];
    private SnapshotDocument? snapshot;
    private string verifiedPath = "";
    private string receivedPath = "";

    [GlobalSetup]
    public void Setup()
    {
        using var workspace = BenchWorkspace.Create(caseCount: 3);
        var suites = workspace.Load();
        workspace.RecordAsync(suites).GetAwaiter().GetResult();
        plan = CaseSelection.All.Plan(suites).Single(candidate => candidate.Case.Id == CaseId);

        var store = workspace.Store();
        verifiedPath = store.PathOf(plan.Suite.Id, CaseId, SnapshotKind.Verified);
        receivedPath = store.PathOf(plan.Suite.Id, CaseId, SnapshotKind.Received);
        snapshotBytes = File.ReadAllBytes(verifiedPath);
        snapshot = SnapshotFormat.Parse(snapshotBytes, plan.Suite.Id, CaseId);
        output = snapshot.Output;
        sameOutput = new string(output.AsSpan());
        driftedOutput = BenchAnswers.For(BenchSuite.Prompt(3), driftShare: 1);

        if (plan.Case.Expect.Count != 4 || AssertionEvaluator.Evaluate(output, plan.Case.Expect).Count != 0
            || OutputComparer.Compare(output, driftedOutput, plan.Case.Compare, plan.Case.Scrub).Kind != ComparisonKind.Different)
        {
            throw new InvalidOperationException($"{CaseId} is not the typical passing case with a drifted variant this benchmark expects.");
        }
    }

    /// <summary>The case's four assertions against the recorded output (all hold).</summary>
    [Benchmark]
    public IReadOnlyList<AssertionFailure> Assertions() => AssertionEvaluator.Evaluate(output, plan!.Case.Expect);

    /// <summary>The request fingerprint: JSON rendering of provider, model, messages and parameters, then SHA-256.</summary>
    [Benchmark]
    public string Fingerprint() => RequestFingerprint.Compute(plan!.Suite.Target, plan.Messages);

    /// <summary>Parses the recorded snapshot file's bytes (header and output).</summary>
    [Benchmark]
    public object SnapshotParse() => SnapshotFormat.Parse(snapshotBytes, plan!.Suite.Id, CaseId);

    /// <summary>Formats the snapshot to the bytes written on disk.</summary>
    [Benchmark]
    public byte[] SnapshotFormatBytes() => SnapshotFormat.Serialize(snapshot!);

    /// <summary>Compares an unchanged output (an equal string, not the same instance) with its snapshot.</summary>
    [Benchmark]
    public object CompareUnchanged() => OutputComparer.Compare(output, sameOutput, plan!.Case.Compare, plan.Case.Scrub);

    /// <summary>Compares a drifted output with its snapshot (exact mode: finds the first different line).</summary>
    [Benchmark]
    public object CompareChanged() => OutputComparer.Compare(output, driftedOutput, plan!.Case.Compare, plan.Case.Scrub);

    /// <summary>The unified diff a changed case reports (the run's default of at most 80 lines).</summary>
    [Benchmark]
    public string DiffChanged() => SnapshotDiff.Create(output, driftedOutput, verifiedPath, receivedPath);
}
