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
        if (model is not null && mode is RunMode.Update or RunMode.Calibrate)
        {
            throw new RunInputException(mode == RunMode.Update
                ? $"A candidate run (--model or {RunEnvironmentVariables.Model}: '{OutsideText.Escape(model)}') never writes verified snapshots: run it in verify mode and accept the received files you want ('llmguard accept'), or change the suite's model and record it."
                : $"Calibration measures the suite's own model; it cannot run with a candidate model (--model or {RunEnvironmentVariables.Model}: '{OutsideText.Escape(model)}').");
        }

        var repeat = ResolveRepeat(options, environment, mode);
        var (sides, liveCandidate) = ResolveSides(options, environment, mode, model);
        if (liveCandidate is not null)
        {
            model = liveCandidate.Model;
            suites = [.. suites.Select(suite => suite with { Target = suite.Target with { Provider = liveCandidate.Provider ?? suite.Target.Provider } })];
        }

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
        RequireEmbeddingProviders(plans, registry);
        var writerLock = LockForWriting(store, mode);
        try
        {
            return Start(suites, options, registry, store, environment, mode, model, repeat, sides, selected, plans, writerLock);
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
            if (mode is not (RunMode.Replay or RunMode.Compare))
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
        int? repeat,
        ComparisonSides sides,
        List<CasePlan> selected,
        List<CasePlan> plans,
        FolderLock? writerLock)
    {
        var verified = mode == RunMode.Compare
            ? null
            : PreloadedSnapshots.Read(store, [.. plans.Select(plan => (plan.Suite.Id, plan.Case.Id))]);
        if (verified is { Problems.Count: > 0 })
        {
            throw new RunInputException(
                "Nothing was run: these verified snapshots cannot be read (fix them, or delete them and record the cases again):\n  "
                + string.Join("\n  ", verified.Problems.Select(OutsideText.Escape)));
        }

        var cachePath = options.CachePath
            ?? (environment(RunEnvironmentVariables.Cache) is { Length: > 0 } cache ? cache : Path.Combine(Path.GetDirectoryName(store.Root) ?? store.Root, DefaultCacheFolder));
        var resolved = options with { Mode = mode, ModelOverride = model, Repeat = repeat, Baseline = sides.Baseline, Candidate = sides.Candidate, CachePath = cachePath };
        var resultsPath = options.ResultsPath ?? (environment(RunEnvironmentVariables.Results) is { Length: > 0 } shared ? shared : null);
        IReadOnlyList<ReportRequest> reportRequests = [.. options.Reports, .. ReportRequests.FromEnvironment(environment)];
        RefuseReportOverResults(resultsPath, reportRequests);
        RefuseOutputOverRecordedSide(resultsPath, reportRequests, sides);

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

            var runner = new SuiteRunner(registry, store, resolved, environment, verified, sides);
            return new RunSession(suites, mode, plans, options.Selection.IsEverything && mode != RunMode.Compare, store, runner, sinks, writerLock)
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

    /// <summary>
    /// A results stream or report written over a results file a comparison reads (its baseline or candidate) would destroy
    /// that side's record: refused before anything opens.
    /// </summary>
    private static void RefuseOutputOverRecordedSide(string? resultsPath, IReadOnlyList<ReportRequest> reports, ComparisonSides sides)
    {
        var outputs = reports.Select(report => (Name: $"the {ReportRequests.NameOf(report.Format)} report", report.Path));
        if (resultsPath is not null)
        {
            outputs = outputs.Prepend(($"the results stream (--results or ${RunEnvironmentVariables.Results})", resultsPath));
        }

        foreach (var (side, recorded) in new[] { ("baseline", sides.Baseline), ("candidate", sides.Candidate) })
        {
            if (recorded?.ResultsPath is not { } input)
            {
                continue;
            }

            var full = Path.GetFullPath(input);
            if (outputs.FirstOrDefault(output => string.Equals(Path.GetFullPath(output.Path), full, StringComparison.Ordinal)) is { Path: not null } clash)
            {
                throw new RunInputException(
                    $"Nothing was run: {clash.Name} would be written over '{OutsideText.Escape(input)}', the results file the {side} is read from: give it another file.");
            }
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

    /// <summary>The cache folder's name beside the snapshot folder.</summary>
    internal const string DefaultCacheFolder = ".llmguard-cache";

    private static int? ResolveRepeat(RunOptions options, Func<string, string?> environment, RunMode mode)
    {
        var repeat = options.Repeat;
        if (repeat is null && environment(RunEnvironmentVariables.Repeat) is { Length: > 0 } text)
        {
            repeat = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new RunInputException($"{RunEnvironmentVariables.Repeat}='{OutsideText.Escape(text)}' is not a whole number of runs.");
        }

        if (repeat is < 1 or > Loading.SuiteFileParser.MaxRepeat)
        {
            throw new RunInputException($"The number of runs per case must be between 1 and {Loading.SuiteFileParser.MaxRepeat}, not {repeat}.");
        }

        if (mode == RunMode.Calibrate)
        {
            repeat ??= RunOptions.DefaultCalibrationRepeat;
            if (repeat < 2)
            {
                throw new RunInputException("Calibration needs at least 2 runs per case (--repeat).");
            }
        }

        return repeat;
    }

    /// <summary>
    /// The sides of a compare run: a baseline is required; either side may be read from a results file. A live candidate
    /// replaces each suite's model (and provider, when named); none runs each suite's own.
    /// </summary>
    private static (ComparisonSides Sides, ComparisonSide? LiveCandidate) ResolveSides(RunOptions options, Func<string, string?> environment, RunMode mode, string? model)
    {
        if (mode != RunMode.Compare)
        {
            if (options.Baseline is not null || options.Candidate is not null)
            {
                throw new RunInputException("A baseline and a candidate are only compared in compare mode ('llmguard compare').");
            }

            return (ComparisonSides.None, null);
        }

        var baseline = options.Baseline ?? ParseSide(environment(RunEnvironmentVariables.Baseline))
            ?? throw new RunInputException($"A comparison needs a baseline: a model name or a results file (--baseline, or {RunEnvironmentVariables.Baseline}).");
        var candidate = options.Candidate ?? ParseSide(environment(RunEnvironmentVariables.Candidate));
        if (candidate is not null && model is not null && (candidate.IsRecorded || candidate.Model != model))
        {
            throw new RunInputException($"Two candidates were named: {OutsideText.Escape(candidate.ToString())} and model '{OutsideText.Escape(model)}' (--model or {RunEnvironmentVariables.Model}); name one.");
        }

        var sides = new ComparisonSides(
            baseline,
            baseline.IsRecorded ? ReadResults(baseline.ResultsPath!) : null,
            candidate is { IsRecorded: true } ? candidate : null,
            candidate is { IsRecorded: true } ? ReadResults(candidate.ResultsPath!) : null);
        return (sides, candidate is { IsRecorded: false } ? candidate : null);
    }

    private static ComparisonSide? ParseSide(string? text) => string.IsNullOrWhiteSpace(text) ? null : ComparisonSide.Parse(text);

    private static RecordedResults ReadResults(string path)
    {
        try
        {
            return RecordedResults.Read(path);
        }
        catch (InvalidDataException exception)
        {
            throw new RunInputException(OutsideText.Escape(exception.Message), exception);
        }
    }

    /// <summary>A suite whose selected cases compare embeddings needs an embedding model its provider can serve.</summary>
    private static void RequireEmbeddingProviders(IReadOnlyList<CasePlan> plans, ProviderRegistry registry)
    {
        foreach (var suite in plans.Where(plan => plan.Case.Compare.Embedding is not null).Select(plan => plan.Suite).DistinctBy(suite => suite.Id))
        {
            if (suite.Embedding is { } embedding && !registry.ServesEmbeddings(embedding.Provider))
            {
                throw new RunInputException(
                    $"{embedding.Location}: suite '{suite.Id}': the provider '{embedding.Provider}' of its 'embedding' model cannot make embeddings; use one that can (openai, azure-openai, openai-compatible, ollama).");
            }
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
        var unknown = suites.Where(suite => new[] { suite.Target, suite.Judge, suite.Embedding }.OfType<TargetDefinition>().Any(target => !registry.Names.Contains(target.Provider))).ToList();
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
            throw new RunInputException($"Cannot write the reports: {OutsideText.Escape(exception.Message)}", exception);
        }

        var mode = options.Mode ?? RunMode.Verify;
        var positions = new Dictionary<string, int>(selected.Count, StringComparer.Ordinal);
        for (var position = 0; position < selected.Count; position++)
        {
            positions[selected[position].Name] = position;
        }

        var sides = new List<string>();
        if (options.Baseline is { } baseline)
        {
            sides.Add($"baseline: {baseline}");
        }

        if (options.Candidate is { } candidate)
        {
            sides.Add($"candidate: {candidate}");
        }

        var plan = RunPlanFingerprint.Compute(options.Selection, options.ModelOverride, selected, options.Repeat, sides);
        var facts = RunReportBuilder.Environment(mode, options.ModelOverride, options.Shard, CiEnvironment.Detect(environment).IsCi, plan);
        var builder = new RunReportBuilder(suites, mode, positions, facts);
        return (requests, new ReportFilesSink(builder, options.Reports, shared));
    }
}
