using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Execution;

/// <summary>
/// Runs a suite set end to end: plan the selected cases, execute them, hand each result to the consumers as
/// it arrives, tally the gate, and report orphaned snapshots when every case was selected.
/// </summary>
public static class RunOrchestrator
{
    /// <summary>Runs the suites and returns the verdict. Cancellation yields a partial, interrupted verdict.</summary>
    /// <exception cref="ProviderConfigurationException">A target cannot be served (before any case ran).</exception>
    /// <exception cref="RunInputException">A snapshot cannot be read or written, or a scrubber never finishes.</exception>
    public static async Task<RunVerdict> RunAsync(
        IReadOnlyList<Suite> suites,
        RunOptions options,
        ProviderRegistry registry,
        SnapshotStore store,
        Action<CaseResult> onResult,
        CancellationToken cancellationToken,
        Func<string, string?>? getEnvironmentVariable = null)
    {
        if (options.ModelOverride is { } model)
        {
            suites = [.. suites.Select(suite => suite with { Target = suite.Target with { Model = model, PinnedDigest = null, PinnedResolvedModel = null } })];
        }

        var plans = options.Selection.Plan(suites).ToList();
        var verified = PreloadedSnapshots.Read(store, [.. plans.Select(plan => (plan.Suite.Id, plan.Case.Id))]);
        if (verified.Problems.Count > 0)
        {
            throw new RunInputException(
                "Nothing was run: these verified snapshots cannot be read (fix them, or delete them and record the cases again):\n  "
                + string.Join("\n  ", verified.Problems));
        }

        var suitesById = suites.ToDictionary(suite => suite.Id, StringComparer.Ordinal);
        var tally = new RunTally(options.Mode);
        await using var runner = new SuiteRunner(registry, store, options, getEnvironmentVariable, verified);
        var completed = 0;
        try
        {
            await foreach (var result in runner.RunAsync(plans, cancellationToken).ConfigureAwait(false))
            {
                tally.Add(suitesById[result.Suite], result);
                onResult(result);
                completed++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted while connecting to the targets: report what ran (nothing) as an interrupted run.
        }

        var interrupted = cancellationToken.IsCancellationRequested && completed < plans.Count;
        var orphans = options.Selection.IsEverything && !interrupted ? store.FindOrphans(suites) : [];
        return tally.Verdict(interrupted, orphans);
    }
}
