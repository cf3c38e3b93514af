using System.Collections.Concurrent;
using System.Text;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.NUnit;

/// <summary>
/// The run of one test class, free of NUnit so it can be tested directly: one runner for all the class's cases,
/// each suite's targets prepared (connected, pins checked) once before its first case, results tallied by the
/// same gate as the CLI's and optionally appended to a JSON Lines file.
/// </summary>
internal sealed class LlmGuardSession : IAsyncDisposable
{
    private readonly SuiteCatalog catalog;
    private readonly SuiteRunner runner;
    private readonly ResultsFile? resultsFile;
    private readonly ConcurrentDictionary<string, Lazy<Task>> preparations = new(StringComparer.Ordinal);
    private readonly Lock tallyLock = new();
    private readonly RunTally tally;
    private readonly HashSet<string> casesRun = new(StringComparer.Ordinal);

    private LlmGuardSession(SuiteCatalog catalog, SuiteRunner runner, RunMode mode, ResultsFile? resultsFile)
    {
        this.catalog = catalog;
        this.runner = runner;
        this.resultsFile = resultsFile;
        Mode = mode;
        tally = new RunTally(mode);
    }

    public RunMode Mode { get; }

    /// <summary>Starts the run of a valid catalog.</summary>
    /// <exception cref="InvalidOperationException">
    /// The mode is unknown or not allowed here (update on CI), or a suite names a provider that is not registered.
    /// </exception>
    public static LlmGuardSession Start(SuiteCatalog catalog, ProviderRegistry registry, Func<string, string?> getEnvironmentVariable)
    {
        RunMode mode;
        try
        {
            mode = RunModes.FromEnvironment(getEnvironmentVariable);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException("LlmGuard: " + exception.Message, exception);
        }

        RunModes.EnsureAllowed(mode, CiEnvironment.Detect(getEnvironmentVariable));
        EnsureProvidersRegistered(catalog, registry);
        var runner = new SuiteRunner(registry, new SnapshotStore(catalog.Location.SnapshotsPath), new RunOptions { Mode = mode }, getEnvironmentVariable);
        return new LlmGuardSession(catalog, runner, mode, ResultsFile.FromEnvironment(getEnvironmentVariable));
    }

    /// <summary>Runs one case through the engine and decides how its test presents the result.</summary>
    public async Task<CaseTestVerdict> RunAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        CaseResult result;
        try
        {
            await PrepareAsync(plan.Suite).ConfigureAwait(false);
            result = await runner.RunCaseAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderConfigurationException exception)
        {
            return new CaseTestVerdict(CaseTestStatus.Failed, "LlmGuard: " + SecretRedactor.Redact(exception.Message));
        }

        lock (tallyLock)
        {
            tally.Add(plan.Suite, result);
            casesRun.Add(plan.Name);
        }

        resultsFile?.Append(result);
        return CaseTestVerdict.Of(result, plan.Suite, Mode);
    }

    /// <summary>The suite's gate over the cases of it that ran so far, exactly as the CLI decides it.</summary>
    public CaseTestVerdict CheckGate(Suite suite)
    {
        SuiteVerdict? verdict;
        lock (tallyLock)
        {
            verdict = tally.Verdict(interrupted: false, orphans: []).Suites.FirstOrDefault(candidate => candidate.Suite == suite.Id);
        }

        if (verdict is null)
        {
            return new CaseTestVerdict(CaseTestStatus.Ignored, $"No case of suite '{suite.Id}' ran in this test run, so its gate was not applied.");
        }

        var counts = string.Join(", ", verdict.Counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Value} {pair.Key.ToName()}"));
        return verdict.Passed
            ? new CaseTestVerdict(CaseTestStatus.Passed, $"The gate of suite '{suite.Id}' passed over {verdict.Total} case(s): {counts}.")
            : new CaseTestVerdict(CaseTestStatus.Failed,
                $"LlmGuard: the gate of suite '{suite.Id}' failed over {verdict.Total} case(s) ({counts}):\n" + string.Join("\n", verdict.Reasons.Select(reason => "  - " + reason)));
    }

    /// <summary>
    /// Ends the run: when every case of the class ran (no filter), reports orphaned snapshot files (never deleting
    /// them) and appends the verdict to the results file. Returns what to show, or null.
    /// </summary>
    public string? Finish()
    {
        RunVerdict verdict;
        lock (tallyLock)
        {
            if (catalog.Cases.Any(entry => !casesRun.Contains(entry.Name)))
            {
                return null;
            }

            verdict = tally.Verdict(interrupted: false, runner.Store.FindOrphans(catalog.Suites));
        }

        resultsFile?.Append(verdict);
        if (verdict.Orphans.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        builder.Append("LlmGuard: ").Append(verdict.Orphans.Count).Append(" orphaned snapshot file(s) belong to no case (remove them with 'llmguard prune'):\n");
        foreach (var orphan in verdict.Orphans)
        {
            builder.Append("  ").Append(orphan).Append('\n');
        }

        return builder.ToString();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => runner.DisposeAsync();

    private Task PrepareAsync(Suite suite) =>
        preparations.GetOrAdd(suite.Id, _ => new Lazy<Task>(() => runner.PrepareAsync(
            catalog.Cases.Where(entry => entry.Suite?.Id == suite.Id).Select(entry => entry.Plan!), CancellationToken.None))).Value;

    private static void EnsureProvidersRegistered(SuiteCatalog catalog, ProviderRegistry registry)
    {
        if (catalog.Suites.All(suite => registry.Names.Contains(suite.Target.Provider)))
        {
            return;
        }

        // Reloading with the provider names gives the same positioned diagnostics (and suggestions) as the CLI.
        var errors = new SuiteLoader(registry.Names).Load(catalog.Location.SuitesPath).Diagnostics
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => diagnostic.ToString());
        throw new InvalidOperationException("LlmGuard: no case was run:\n" + string.Join("\n", errors));
    }
}
