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
    /// <summary>The file GitHub Actions shows as the job's summary, appended to by each step.</summary>
    public const string StepSummaryVariable = "GITHUB_STEP_SUMMARY";

    private static readonly Lock StepSummaryLock = new();

    private readonly RunSession run;
    private readonly string? stepSummaryPath;
    private readonly string? summaryMarkdown;

    private LlmGuardSession(RunSession run, string? stepSummaryPath, string? summaryMarkdown)
    {
        this.run = run;
        this.stepSummaryPath = stepSummaryPath;
        this.summaryMarkdown = summaryMarkdown;
    }

    public RunMode Mode => run.Mode;

    /// <summary>The HTML reports of the run that exist (written when it finished), to attach to the test run.</summary>
    public IReadOnlyList<string> HtmlReports =>
        [.. run.Reports.Where(report => report.Format == ReportFormat.Html).Select(report => Path.GetFullPath(report.Path)).Where(File.Exists).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Starts the run of a valid catalog; mode, candidate model, results file and reports come from the environment. When
    /// <c>GITHUB_STEP_SUMMARY</c> names a file, the run also writes its Markdown report for it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The run cannot start (the message starts with "LlmGuard:" and says why).</exception>
    public static LlmGuardSession Start(SuiteCatalog catalog, ProviderRegistry registry, Func<string, string?> getEnvironmentVariable)
    {
        var stepSummary = getEnvironmentVariable(StepSummaryVariable) is { Length: > 0 } summary ? summary : null;
        var markdown = stepSummary is null ? null : Path.Combine(Path.GetTempPath(), $"llmguard-step-summary-{Guid.NewGuid():N}.md");
        var options = new RunOptions { Reports = markdown is null ? [] : [new ReportRequest(ReportFormat.Markdown, markdown)] };
        try
        {
            return new LlmGuardSession(RunSession.Start(catalog.Suites, options, registry, catalog.Location.SnapshotsPath, getEnvironmentVariable), stepSummary, markdown);
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

        var verdict = CaseTestVerdict.Of(result, plan.Suite, Mode);
        if (!run.AllCasesRan)
        {
            return verdict;
        }

        // The last case of the run: test frameworks drop attachments added after the last test (NUnit's one-time
        // tear-down), so the reports are written now and attached to this test.
        try
        {
            Finish();
        }
        catch (InvalidOperationException)
        {
            // Reported again, and shown, when the class's run ends.
            return verdict;
        }

        return verdict with { Reports = HtmlReports };
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

        AppendStepSummary();
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
    public async ValueTask DisposeAsync()
    {
        await run.DisposeAsync().ConfigureAwait(false);
        if (summaryMarkdown is not null)
        {
            File.Delete(summaryMarkdown);
        }
    }

    /// <summary>Appends the run's Markdown report to the step summary (test classes finishing together append one at a time).</summary>
    private void AppendStepSummary()
    {
        if (stepSummaryPath is null || summaryMarkdown is null || !File.Exists(summaryMarkdown))
        {
            return;
        }

        try
        {
            var markdown = File.ReadAllText(summaryMarkdown);
            lock (StepSummaryLock)
            {
                File.AppendAllText(stepSummaryPath, markdown + "\n");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"LlmGuard: cannot append the report to ${StepSummaryVariable} ('{stepSummaryPath}'): {exception.Message}", exception);
        }
        finally
        {
            File.Delete(summaryMarkdown);
        }
    }
}
