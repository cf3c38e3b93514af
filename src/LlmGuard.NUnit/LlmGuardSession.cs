using System.Text;
using LlmGuard.Execution;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Suites;

namespace LlmGuard.NUnit;

/// <summary>
/// The run of one test class, free of NUnit so it can be tested directly: the engine's <see cref="RunSession"/> over the
/// class's suites, with what the tests show: a verdict per case, the gate tests' verdicts, and the orphan report.
/// </summary>
internal sealed class LlmGuardSession : IAsyncDisposable
{
    private readonly RunSession run;

    private LlmGuardSession(RunSession run) => this.run = run;

    public RunMode Mode => run.Mode;

    /// <summary>Starts the run of a valid catalog; mode, candidate model and results file come from the environment.</summary>
    /// <exception cref="InvalidOperationException">The run cannot start (the message starts with "LlmGuard:" and says why).</exception>
    public static LlmGuardSession Start(SuiteCatalog catalog, ProviderRegistry registry, Func<string, string?> getEnvironmentVariable)
    {
        try
        {
            return new LlmGuardSession(RunSession.Start(catalog.Suites, new RunOptions(), registry, catalog.Location.SnapshotsPath, getEnvironmentVariable));
        }
        catch (RunInputException exception)
        {
            throw new InvalidOperationException("LlmGuard: " + SecretRedactor.Redact(exception.Message), exception);
        }
    }

    /// <summary>Runs the case named <c>suite/case</c> through the engine and decides how its test presents the result.</summary>
    public async Task<CaseTestVerdict> RunAsync(string name, CancellationToken cancellationToken)
    {
        var plan = run.FindPlan(name) ?? throw new InvalidOperationException($"LlmGuard: the run has no case '{name}'.");
        CaseResult result;
        try
        {
            result = await run.RunCaseAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ProviderConfigurationException or RunInputException)
        {
            return new CaseTestVerdict(CaseTestStatus.Failed, "LlmGuard: " + SecretRedactor.Redact(exception.Message));
        }

        return CaseTestVerdict.Of(result, plan.Suite, Mode);
    }

    /// <summary>The suite's gate over the cases of it that ran so far, exactly as the CLI decides it.</summary>
    public CaseTestVerdict CheckGate(Suite suite)
    {
        if (run.VerdictOf(suite.Id) is not { } verdict)
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
    /// Ends the run (the verdict goes to the results file): when every case of the class ran, orphaned snapshot files
    /// are reported, never deleted. Returns what to show, or null.
    /// </summary>
    /// <exception cref="InvalidOperationException">The verdict cannot be written.</exception>
    public string? Finish()
    {
        Gating.RunVerdict verdict;
        try
        {
            verdict = run.Finish();
        }
        catch (RunInputException exception)
        {
            throw new InvalidOperationException("LlmGuard: " + exception.Message, exception);
        }

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
    public ValueTask DisposeAsync() => run.DisposeAsync();
}
