using LlmGuard.Bench;
using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Benchmarks;

/// <summary>
/// A generated suite of <c>llmguard-bench</c>'s shape (<see cref="BenchSuite"/>) in a temporary folder of its own, and
/// the engine calls the benchmarks set it up with: load and validate it as the <c>llmguard</c> command does, and record
/// its snapshots in update mode. Nothing leaves the process: the suite's <c>openai-compatible</c> target is served while
/// recording by the engine's <see cref="ScriptedChatClient"/> with the loopback server's answers (<see cref="BenchAnswers"/>).
/// </summary>
internal sealed class BenchWorkspace : IDisposable
{
    /// <summary>Written into the suite only; no request is ever sent to it.</summary>
    private static readonly Uri UnusedEndpoint = new("http://127.0.0.1:9/");

    private BenchWorkspace(BenchSuite suite) => Suite = suite;

    /// <summary>The generated suite: <c>suites/bench.yaml</c> and <c>snapshots/</c> under a temporary folder.</summary>
    public BenchSuite Suite { get; }

    /// <summary>The provider names the <c>llmguard</c> command validates targets against.</summary>
    public static IReadOnlyCollection<string> KnownProviders { get; } = ProviderNames.All;

    /// <summary>
    /// The environment the engine sees: empty, so a benchmark run on a CI machine may still record into its own temporary
    /// folder (the CI rule protects a repository's verified snapshots, and these are thrown away).
    /// </summary>
    public static Func<string, string?> NoEnvironment { get; } = _ => null;

    /// <summary>Generates a suite of <paramref name="caseCount"/> cases in a new temporary folder.</summary>
    public static BenchWorkspace Create(int caseCount) =>
        new(BenchSuite.Create(Path.Combine(Path.GetTempPath(), "llmguard-benchmarks", Guid.NewGuid().ToString("N")), caseCount, UnusedEndpoint));

    /// <summary>Loads and validates the suite folder as <c>llmguard run</c> does.</summary>
    public SuiteSet LoadSet() => new SuiteLoader(KnownProviders).Load(Suite.SuitesPath);

    /// <summary>Loads the suite and checks that it has every generated case.</summary>
    public IReadOnlyList<Suite> Load()
    {
        var set = LoadSet();
        var cases = set.Suites.Sum(suite => suite.Cases.Count);
        if (set.HasErrors || cases != Suite.CaseCount)
        {
            throw new InvalidOperationException(
                $"The generated suite loaded with {cases} of {Suite.CaseCount} cases: {string.Join("; ", set.Diagnostics)}");
        }

        return set.Suites;
    }

    /// <summary>Records every case's verified snapshot with the engine in update mode.</summary>
    public async Task RecordAsync(IReadOnlyList<Suite> suites)
    {
        var options = new RunOptions { Mode = RunMode.Update, Concurrency = 16 };
        await RunOrchestrator.RunAsync(suites, options, Registry(), Store(), _ => { }, CancellationToken.None, NoEnvironment).ConfigureAwait(false);
        var replayed = await ReplayAsync(suites, _ => { }).ConfigureAwait(false);
        if (replayed.ExitCode != ExitCodes.Passed)
        {
            throw new InvalidOperationException($"Replaying the recorded snapshots did not pass (exit code {replayed.ExitCode}).");
        }
    }

    /// <summary>
    /// Replay-verifies the suites against the recorded snapshots, with the command's default concurrency. The suite's provider
    /// must be registered (a run checks that before it starts), though replay never calls it.
    /// </summary>
    public Task<RunVerdict> ReplayAsync(IReadOnlyList<Suite> suites, Action<Results.CaseResult> onResult) =>
        RunOrchestrator.RunAsync(suites, new RunOptions { Mode = RunMode.Replay }, Registry(), Store(), onResult,
            CancellationToken.None, NoEnvironment);

    /// <summary>
    /// The suite's provider served in-process by the scripted client (a run must know every suite's provider, even a replay,
    /// which calls none).
    /// </summary>
    private static ProviderRegistry Registry() => new ProviderRegistry().Register(ProviderNames.OpenAICompatible, (target, _) =>
        new ScriptedChatClient(target.Model, messages => BenchAnswers.For(ScriptedChatClient.LastUserText(messages), driftShare: 0)));

    /// <summary>The snapshot store of the workspace.</summary>
    public SnapshotStore Store() => new(Suite.SnapshotsPath);

    /// <summary>Deletes the temporary folder.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Suite.Directory))
        {
            Directory.Delete(Suite.Directory, recursive: true);
        }
    }
}
