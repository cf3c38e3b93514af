using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Execution;

/// <summary>Runs a suite set end to end through one <see cref="RunSession"/>: start, every case, finish.</summary>
internal static class RunOrchestrator
{
    /// <summary>Runs the suites and returns the verdict. Cancellation yields a partial, interrupted verdict.</summary>
    /// <param name="suites">The loaded, valid suites.</param>
    /// <param name="options">How to run them.</param>
    /// <param name="registry">The providers.</param>
    /// <param name="snapshotsPath">The snapshot folder.</param>
    /// <param name="onResult">Called with each result as it arrives, in plan order.</param>
    /// <param name="cancellationToken">Stops starting cases.</param>
    /// <param name="getEnvironmentVariable">The environment; the process environment when null.</param>
    /// <exception cref="ProviderConfigurationException">A target cannot be served (before any case ran).</exception>
    /// <exception cref="RunInputException">The run cannot start, or a snapshot or result cannot be written, or a scrubber never finishes.</exception>
    public static Task<RunVerdict> RunAsync(
        IReadOnlyList<Suite> suites,
        RunOptions options,
        ProviderRegistry registry,
        string snapshotsPath,
        Action<CaseResult> onResult,
        CancellationToken cancellationToken,
        Func<string, string?>? getEnvironmentVariable = null) =>
        RunAsync(suites, options, registry, new SnapshotStore(snapshotsPath), onResult, cancellationToken, getEnvironmentVariable);

    /// <summary>Runs the suites over a snapshot store.</summary>
    internal static async Task<RunVerdict> RunAsync(
        IReadOnlyList<Suite> suites,
        RunOptions options,
        ProviderRegistry registry,
        SnapshotStore store,
        Action<CaseResult> onResult,
        CancellationToken cancellationToken,
        Func<string, string?>? getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(onResult);
        await using var session = RunSession.Start(suites, options, registry, store, getEnvironmentVariable);
        await foreach (var result in session.RunAsync(cancellationToken).ConfigureAwait(false))
        {
            onResult(result);
        }

        return session.Finish();
    }
}
