using LlmGuard.IO;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Execution;

public sealed partial class RunSession
{
    /// <summary>
    /// Starts a run: settles the mode (refusing <see cref="RunMode.Update"/> on a CI machine), applies the candidate model,
    /// selects the cases, checks that every suite's provider is registered, reads every selected verified snapshot and
    /// opens the results file. No model is called and nothing is written but the results file.
    /// </summary>
    /// <param name="suites">The loaded, valid suites.</param>
    /// <param name="options">Mode, selection, candidate model, results file; settings left null come from the environment.</param>
    /// <param name="registry">The providers.</param>
    /// <param name="snapshotsPath">The snapshot folder.</param>
    /// <param name="getEnvironmentVariable">The environment (mode, candidate model, results file, CI detection, secrets); the process environment when null.</param>
    /// <exception cref="RunInputException">The run cannot start; the message says why (and names the file where there is one).</exception>
    public static RunSession Start(
        IReadOnlyList<Suite> suites,
        RunOptions options,
        ProviderRegistry registry,
        string snapshotsPath,
        Func<string, string?>? getEnvironmentVariable = null) =>
        Start(suites, options, registry, new SnapshotStore(snapshotsPath), getEnvironmentVariable);

    /// <summary>Starts a run over a snapshot store.</summary>
    internal static RunSession Start(
        IReadOnlyList<Suite> suites,
        RunOptions options,
        ProviderRegistry registry,
        SnapshotStore store,
        Func<string, string?>? getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(suites);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(store);
        var environment = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        var mode = ResolveMode(options, environment);
        RequireRegisteredProviders(suites, registry, environment);

        var model = options.ModelOverride ?? (environment(RunEnvironmentVariables.Model) is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (model is not null)
        {
            suites = [.. suites.Select(suite => suite with { Target = suite.Target with { Model = model, PinnedDigest = null, PinnedResolvedModel = null } })];
        }

        var selected = options.Selection.Plan(suites).ToList();
        if (selected.Count == 0)
        {
            throw new RunInputException("No case matches the selection: check the suite, case and tag filters.");
        }

        var plans = options.Shard is { } shard ? [.. selected.Where((_, position) => shard.Contains(position))] : selected;

        var writerLock = LockForWriting(store, mode);
        try
        {
            return Start(suites, options, registry, store, environment, mode, model, selected, plans, writerLock);
        }
        catch
        {
            writerLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An update run holds the snapshot folder's lock (<see cref="FolderLock"/>) until it is disposed, so a second writer
    /// fails at once instead of mixing its files with this run's; every run that writes removes the temporary files killed
    /// writers left behind.
    /// </summary>
    private static FolderLock? LockForWriting(SnapshotStore store, RunMode mode)
    {
        FolderLock? writerLock = null;
        try
        {
            writerLock = mode == RunMode.Update ? FolderLock.Acquire(store.Root, "update the snapshots") : null;
            if (mode != RunMode.Replay)
            {
                store.RemoveStaleTemporaryFiles();
            }

            return writerLock;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            writerLock?.Dispose();
            throw new RunInputException(exception is FolderInUseException
                ? "Nothing was run. " + exception.Message
                : $"Nothing was run: the snapshots folder {OutsideText.Escape(store.Root)} cannot be written: {OutsideText.Escape(exception.Message)}", exception);
        }
    }

    private static RunSession Start(
        IReadOnlyList<Suite> suites,
        RunOptions options,
        ProviderRegistry registry,
        SnapshotStore store,
        Func<string, string?> environment,
        RunMode mode,
        string? model,
        List<CasePlan> selected,
        List<CasePlan> plans,
        FolderLock? writerLock)
    {
        var verified = PreloadedSnapshots.Read(store, [.. plans.Select(plan => (plan.Suite.Id, plan.Case.Id))]);
        if (verified.Problems.Count > 0)
        {
            throw new RunInputException(
                "Nothing was run: these verified snapshots cannot be read (fix them, or delete them and record the cases again):\n  "
                + string.Join("\n  ", verified.Problems.Select(OutsideText.Escape)));
        }

        var resolved = options with { Mode = mode, ModelOverride = model };
        var resultsPath = options.ResultsPath ?? (environment(RunEnvironmentVariables.Results) is { Length: > 0 } shared ? shared : null);
        RefuseReportOverResults(resultsPath, [.. options.Reports, .. ReportRequests.FromEnvironment(environment)]);

        // Reports are checked before the results file is opened (and truncated); whatever is open is closed if the start fails.
        var reports = OpenReports(suites, selected, resolved, environment);
        var sinks = new List<IRunResultSink>();
        try
        {
            sinks.AddRange(OpenSinks(options, resultsPath));
            if (reports.Sink is not null)
            {
                sinks.Add(reports.Sink);
            }

            var runner = new SuiteRunner(registry, store, resolved, environment, verified);
            return new RunSession(suites, mode, plans, options.Selection.IsEverything, store, runner, sinks, writerLock)
            {
                Reports = reports.Requests,
                reportSink = reports.Sink,
            };
        }
        catch
        {
            if (reports.Sink is { } reportSink && !sinks.Contains(reportSink))
            {
                reportSink.Dispose();
            }

            foreach (var sink in sinks)
            {
                sink.Dispose();
            }

            throw;
        }
    }

    /// <summary>A report written over the results stream would interleave with it or replace it: refused before anything opens.</summary>
    private static void RefuseReportOverResults(string? resultsPath, IReadOnlyList<ReportRequest> reports)
    {
        if (resultsPath is null)
        {
            return;
        }

        var results = Path.GetFullPath(resultsPath);
        if (reports.FirstOrDefault(report => string.Equals(Path.GetFullPath(report.Path), results, StringComparison.Ordinal)) is { } clash)
        {
            throw new RunInputException(
                $"Nothing was run: the results stream (--results or ${RunEnvironmentVariables.Results}) and the {ReportRequests.NameOf(clash.Format)} report both name '{OutsideText.Escape(resultsPath)}': give them different files.");
        }
    }

    private static RunMode ResolveMode(RunOptions options, Func<string, string?> environment)
    {
        try
        {
            var mode = options.Mode ?? RunModes.FromEnvironment(environment);
            RunModes.EnsureAllowed(mode, CiEnvironment.Detect(environment));
            return mode;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            throw new RunInputException(exception.Message, exception);
        }
    }

    /// <summary>
    /// A suite loaded without the registry's names (a test framework names its tests before its providers are known) may
    /// name an unregistered provider: loading its files again with the names gives the loader's positioned diagnostics.
    /// </summary>
    private static void RequireRegisteredProviders(IReadOnlyList<Suite> suites, ProviderRegistry registry, Func<string, string?> environment)
    {
        var unknown = suites.Where(suite => !registry.Names.Contains(suite.Target.Provider)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var errors = new SuiteLoader(registry.Names) { GetEnvironmentVariable = environment }.LoadFiles(unknown.Select(suite => suite.FilePath)).Diagnostics
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => diagnostic.ToString())
            .DefaultIfEmpty($"Provider '{OutsideText.Escape(unknown[0].Target.Provider)}' of suite '{unknown[0].Id}' is not registered.");
        throw new RunInputException("No case was run:\n" + string.Join("\n", errors));
    }

    private static List<IRunResultSink> OpenSinks(RunOptions options, string? path)
    {
        var sinks = new List<IRunResultSink>();
        if (path is null)
        {
            return sinks;
        }

        try
        {
            if (options.ResultsPath is null)
            {
                sinks.Add(new AppendedJsonLinesFile(path));
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                sinks.Add(new JsonLinesResultWriter(new StreamWriter(path, append: false)));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"Cannot write the results file '{OutsideText.Escape(path)}': {OutsideText.Escape(exception.Message)}", exception);
        }

        return sinks;
    }

    /// <summary>The reports asked for by the options and by the environment, checked to be writable before any case runs.</summary>
    private static (IReadOnlyList<ReportRequest> Requests, ReportFilesSink? Sink) OpenReports(
        IReadOnlyList<Suite> suites, List<CasePlan> selected, RunOptions options, Func<string, string?> environment)
    {
        var shared = ReportRequests.FromEnvironment(environment);
        IReadOnlyList<ReportRequest> requests = [.. options.Reports, .. shared];
        if (requests.Count == 0)
        {
            return ([], null);
        }

        try
        {
            ReportWriters.Prepare(requests);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"Cannot write the reports: {exception.Message}", exception);
        }

        var mode = options.Mode ?? RunMode.Verify;
        var positions = new Dictionary<string, int>(selected.Count, StringComparer.Ordinal);
        for (var position = 0; position < selected.Count; position++)
        {
            positions[selected[position].Name] = position;
        }

        var plan = RunPlanFingerprint.Compute(options.Selection, options.ModelOverride, selected);
        var facts = RunReportBuilder.Environment(mode, options.ModelOverride, options.Shard, CiEnvironment.Detect(environment).IsCi, plan);
        var builder = new RunReportBuilder(suites, mode, positions, facts);
        return (requests, new ReportFilesSink(builder, options.Reports, shared));
    }
}
