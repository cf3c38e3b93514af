using System.Runtime.CompilerServices;
using LlmGuard.Gating;
using LlmGuard.IO;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>
/// One run of a suite set, the same behind every front end: <see cref="Start(IReadOnlyList{Suite}, RunOptions, ProviderRegistry, string, Func{string, string?}?)"/> settles the mode (refusing update on
/// CI), the candidate model, the cases and the result sinks, and reads every verified snapshot before any model is
/// called; cases then run all together (<see cref="RunAsync"/>, the <c>llmguard</c> command) or one by one
/// (<see cref="RunCaseAsync"/>, a test framework); each result is tallied by the suite's gate and handed to the sinks;
/// <see cref="Finish"/> reports orphaned snapshots and the verdict.
/// </summary>
public sealed partial class RunSession : IAsyncDisposable
{
    private readonly IReadOnlyList<Suite> suites;
    private readonly SnapshotStore store;
    private readonly SuiteRunner runner;
    private readonly RunTally tally;
    private readonly IReadOnlyList<IRunResultSink> sinks;
    private readonly Dictionary<string, CasePlan> plansByName;
    private readonly HashSet<string> casesRun = new(StringComparer.Ordinal);
    private readonly Lock resultLock = new();
    private readonly bool selectsEverything;
    private readonly FolderLock? writerLock;
    private bool cancelled;
    private RunVerdict? verdict;

    private RunSession(IReadOnlyList<Suite> suites, RunMode mode, IReadOnlyList<CasePlan> plans, bool selectsEverything, SnapshotStore store, SuiteRunner runner, IReadOnlyList<IRunResultSink> sinks, FolderLock? writerLock)
    {
        this.writerLock = writerLock;
        this.suites = suites;
        this.selectsEverything = selectsEverything;
        this.store = store;
        this.runner = runner;
        this.sinks = sinks;
        Mode = mode;
        Plans = plans;
        plansByName = plans.ToDictionary(plan => plan.Name, StringComparer.Ordinal);
        tally = new RunTally(mode);
    }

    private ReportFilesSink? reportSink;

    /// <summary>The mode of the run.</summary>
    public RunMode Mode { get; }

    /// <summary>The selected cases, in suite order then file order, with the candidate model applied.</summary>
    public IReadOnlyList<CasePlan> Plans { get; }

    /// <summary>
    /// The reports the run writes when it finishes: those its options ask for, then those the environment names
    /// (<see cref="RunEnvironmentVariables.ReportPrefix"/>).
    /// </summary>
    public IReadOnlyList<ReportRequest> Reports { get; private init; } = [];

    /// <summary>The run's report once <see cref="Finish"/> has built it; null when no report was asked for or before then.</summary>
    internal RunReport? Report => reportSink?.Report;

    /// <summary>Whether every selected case has a result.</summary>
    internal bool AllCasesRan
    {
        get
        {
            lock (resultLock)
            {
                return casesRun.Count == Plans.Count;
            }
        }
    }

    /// <summary>The plan of the case named <c>suite/case</c>, or null when the run did not select it.</summary>
    public CasePlan? FindPlan(string name) => plansByName.GetValueOrDefault(name);

    /// <summary>
    /// Runs every selected case with bounded concurrency and yields the results in plan order. Connects to every target
    /// (and checks pins) before the first case. Cancelling stops starting cases; finished cases are kept.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A target cannot be served or its model does not match its pin (before any case ran).</exception>
    /// <exception cref="RunInputException">A snapshot or result cannot be written, or a scrubber never finishes.</exception>
    public async IAsyncEnumerable<CaseResult> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var results = runner.RunAsync(Plans, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await results.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            Record(results.Current);
            yield return results.Current;
        }

        cancelled |= cancellationToken.IsCancellationRequested;
    }

    /// <summary>
    /// Runs one case (a test framework's test), connecting to its suite's target first if no case of it ran yet. Safe to
    /// call for several cases at once.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">The case's target cannot be served or its model does not match its pin.</exception>
    /// <exception cref="RunInputException">The case's snapshot or result cannot be written, or a scrubber never finishes.</exception>
    public async Task<CaseResult> RunCaseAsync(CasePlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plansByName.ContainsKey(plan.Name))
        {
            throw new ArgumentException($"The case '{plan.Name}' is not one of this run's cases.", nameof(plan));
        }

        var result = await runner.RunCaseAsync(plan, cancellationToken).ConfigureAwait(false);
        Record(result);
        return result;
    }

    /// <summary>The gate's verdict on one suite over its cases that ran so far; null when none did.</summary>
    public SuiteVerdict? VerdictOf(string suiteId)
    {
        lock (resultLock)
        {
            return tally.Verdict(interrupted: false, orphans: []).Suites.FirstOrDefault(suite => suite.Suite == suiteId);
        }
    }

    /// <summary>
    /// Ends the run and hands its verdict to the sinks. Orphaned snapshot files are looked for (never deleted) only when
    /// the run selected every case and all of them ran; the run is interrupted when it was cancelled before that.
    /// Calling it again returns the same verdict.
    /// </summary>
    /// <exception cref="RunInputException">The verdict cannot be written.</exception>
    public RunVerdict Finish()
    {
        lock (resultLock)
        {
            if (verdict is not null)
            {
                return verdict;
            }

            var complete = casesRun.Count == Plans.Count;
            IReadOnlyList<string> orphans;
            try
            {
                orphans = selectsEverything && complete ? store.FindOrphans(suites) : [];
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new RunInputException($"Cannot read the snapshots folder {OutsideText.Escape(store.Root)}: {OutsideText.Escape(exception.Message)}", exception);
            }

            verdict = tally.Verdict(interrupted: cancelled && !complete, orphans);
            WriteToSinks(sink => sink.Complete(verdict));
            return verdict;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await runner.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                foreach (var sink in sinks)
                {
                    try
                    {
                        sink.Dispose();
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        // Flushing a results file on a full disk: the run's own error (if any) has been reported already.
                    }
                }
            }
            finally
            {
                writerLock?.Dispose();
            }
        }
    }

    private void Record(CaseResult result)
    {
        lock (resultLock)
        {
            tally.Add(plansByName[result.Name].Suite, result);
            casesRun.Add(result.Name);
            WriteToSinks(sink => sink.Write(result));
        }
    }

    private void WriteToSinks(Action<IRunResultSink> write)
    {
        foreach (var sink in sinks)
        {
            try
            {
                write(sink);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new RunInputException($"Cannot write the run's results: {OutsideText.Escape(exception.Message)}", exception);
            }
        }
    }
}
