using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>Merges reports of the parts of one run (shards) into the report of the whole run, and combines reports of separate runs.</summary>
internal static class RunReportMerger
{
    /// <summary>
    /// Merges the reports of the parts of one sharded run (<c>--shard i/n</c>) into one: the cases in plan order, and every
    /// suite gated again over all its cases by the engine's gate, so the verdict is the one an unsharded run gives. Every
    /// part 1..n must be there exactly once, all planned alike (<see cref="ReportEnvironment.PlanFingerprint"/>): a part's
    /// verdict covers only its own cases, so fewer parts would pass a run whose missing cases fail. A single report of a
    /// run that was not split (or of a 1/1 split) is returned as it is.
    /// </summary>
    /// <param name="reports">Each report with the file it came from (for messages).</param>
    /// <exception cref="InvalidDataException">The reports are not every part of one run (a part is missing or given twice, the parts were planned differently, modes or gates differ, a case appears twice) or hold what this version cannot gate.</exception>
    public static RunReport Merge(IReadOnlyList<(string Source, RunReport Report)> reports)
    {
        ArgumentOutOfRangeException.ThrowIfZero(reports.Count);
        if (reports.Count == 1 && reports[0].Report.Environment.Shard is null)
        {
            return reports[0].Report;
        }

        RequireEveryPartOnce(reports);
        if (reports.Count == 1)
        {
            return reports[0].Report;
        }

        var first = reports[0];
        if (!RunModes.TryParse(first.Report.Environment.Mode, out var mode))
        {
            throw new InvalidDataException($"{first.Source}: unknown mode '{first.Report.Environment.Mode}'.");
        }

        var suites = new Dictionary<string, (string Source, ReportSuite Suite)>(StringComparer.Ordinal);
        var cases = new Dictionary<string, (string Source, ReportCase Case)>(StringComparer.Ordinal);
        foreach (var (source, report) in reports)
        {
            if (report.Environment.Mode != first.Report.Environment.Mode)
            {
                throw new InvalidDataException($"{source}: ran in {report.Environment.Mode} mode, but {first.Source} in {first.Report.Environment.Mode} mode: only parts of one run can be merged.");
            }

            foreach (var suite in report.Suites)
            {
                if (suites.TryGetValue(suite.Id, out var known) && !SameGate(known.Suite, suite))
                {
                    throw new InvalidDataException($"{source}: suite '{suite.Id}' has another gate or target than in {known.Source}: only parts of one run can be merged.");
                }

                suites.TryAdd(suite.Id, (source, suite));
            }

            foreach (var reportCase in report.Cases)
            {
                if (!cases.TryAdd(reportCase.Name, (source, reportCase)))
                {
                    throw new InvalidDataException($"{source}: case '{reportCase.Name}' is also in {cases[reportCase.Name].Source}: the parts of a run must not overlap.");
                }

                if (!suites.ContainsKey(reportCase.Suite) && report.Suites.All(suite => suite.Id != reportCase.Suite))
                {
                    throw new InvalidDataException($"{source}: case '{reportCase.Name}' belongs to no suite of the file.");
                }
            }
        }

        var ordered = cases.Values.Select(pair => pair.Case).OrderBy(reportCase => reportCase.Position).ThenBy(reportCase => reportCase.Name, StringComparer.Ordinal).ToList();
        var stubs = suites.Values.ToDictionary(pair => pair.Suite.Id, pair => StubOf(pair.Suite), StringComparer.Ordinal);
        var tally = new RunTally(mode);
        foreach (var reportCase in ordered)
        {
            tally.Add(stubs[reportCase.Suite], ReportCases.ToGateInput(reportCase));
        }

        var orphans = reports.SelectMany(pair => pair.Report.Orphans).Distinct(StringComparer.Ordinal).ToList();
        var verdict = tally.Verdict(interrupted: reports.Any(pair => pair.Report.Verdict.Interrupted), orphans);
        // Everything a verdict decides (rules as applied, statistics, figures, changed and intended cases) is recomputed
        // from the merged cases, never carried over from one part.
        var merged = verdict.Suites.Select(suiteVerdict => ReportSuites.WithVerdict(suites[suiteVerdict.Suite].Suite, suiteVerdict)).ToList();

        var environment = first.Report.Environment with
        {
            Shard = null,
            Ci = reports.Any(pair => pair.Report.Environment.Ci),
            StartedAt = reports.Select(pair => pair.Report.Environment.StartedAt).Min(),
            FinishedAt = reports.Select(pair => pair.Report.Environment.FinishedAt).Max(),
            MergedFrom = [.. reports.Select(pair => Path.GetFileName(pair.Source))],
        };
        return RunReportBuilder.Create(environment, verdict, merged, ordered);
    }

    /// <summary>
    /// Puts the reports of separate runs side by side without gating them again (each run's gate decided its own suites):
    /// the test classes of one <c>dotnet test</c> process writing one report file together.
    /// </summary>
    public static RunReport Combine(IReadOnlyList<RunReport> reports)
    {
        ArgumentOutOfRangeException.ThrowIfZero(reports.Count);
        if (reports.Count == 1)
        {
            return reports[0];
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, count) in reports.SelectMany(report => report.Verdict.Counts))
        {
            counts[name] = counts.GetValueOrDefault(name) + count;
        }

        // The exit code by the engine's rules over every run's suites (each as its own run's gate decided it).
        var orphans = reports.SelectMany(report => report.Orphans).Distinct(StringComparer.Ordinal).ToList();
        var verdict = new RunVerdict([.. reports.SelectMany(report => ReportVerdicts.ToRunVerdict(report).Suites)], reports.Any(report => report.Verdict.Interrupted), orphans);
        var offset = 0;
        var cases = new List<ReportCase>();
        foreach (var report in reports)
        {
            cases.AddRange(report.Cases.Select(reportCase => reportCase with { Position = offset + reportCase.Position }));
            offset += report.Cases.Count == 0 ? 0 : report.Cases.Max(reportCase => reportCase.Position) + 1;
        }

        return new RunReport
        {
            Environment = reports[0].Environment with
            {
                PlanFingerprint = null,
                StartedAt = reports.Select(report => report.Environment.StartedAt).Min(),
                FinishedAt = reports.Select(report => report.Environment.FinishedAt).Max(),
            },
            Verdict = new ReportVerdict
            {
                Passed = verdict.Passed,
                ExitCode = verdict.ExitCode,
                Interrupted = verdict.Interrupted,
                Total = counts.Values.Sum(),
                Counts = ReportSuites.OrderCounts(counts),
            },
            Suites = [.. reports.SelectMany(report => report.Suites)],
            Cases = cases,
            Orphans = orphans,
        };
    }

    /// <summary>Requires the reports to be the parts 1..n of one sharded run, each once, planned alike.</summary>
    private static void RequireEveryPartOnce(IReadOnlyList<(string Source, RunReport Report)> reports)
    {
        var parts = new Dictionary<int, string>();
        var (firstSource, firstReport) = reports[0];
        int? count = null;
        foreach (var (source, report) in reports)
        {
            var environment = report.Environment;
            if (environment.Shard is null)
            {
                throw new InvalidDataException(
                    $"{OutsideText.Escape(source)}: not a part of a sharded run (it ran without --shard): only the parts of one sharded run are merged; render a whole run's report alone.");
            }

            if (!RunShards.TryParse(environment.Shard, out var shard, out _))
            {
                throw new InvalidDataException($"{OutsideText.Escape(source)}: the shard '{OutsideText.Escape(environment.Shard)}' is not i/n.");
            }

            if (environment.PlanFingerprint is null)
            {
                throw new InvalidDataException(
                    $"{OutsideText.Escape(source)}: part {shard} records no plan fingerprint (written by an older LlmGuard), so it cannot be told to belong with the other parts: run the parts again with this version.");
            }

            if (count is { } known && shard!.Count != known)
            {
                throw new InvalidDataException(
                    $"{OutsideText.Escape(source)}: part {shard} is one of {shard.Count} parts, but {OutsideText.Escape(firstSource)} is one of {known}: only the parts of one run are merged.");
            }

            if (environment.PlanFingerprint != firstReport.Environment.PlanFingerprint)
            {
                throw new InvalidDataException(
                    $"{OutsideText.Escape(source)}: part {shard} comes from a run that planned other cases (suites, cases, selection or model differ) than {OutsideText.Escape(firstSource)}: only the parts of one run are merged.");
            }

            if (!parts.TryAdd(shard!.Index, source))
            {
                throw new InvalidDataException($"{OutsideText.Escape(source)}: part {shard} is also {OutsideText.Escape(parts[shard.Index])}: give each part once.");
            }

            count = shard.Count;
        }

        var missing = Enumerable.Range(1, count!.Value).Where(index => !parts.ContainsKey(index)).ToList();
        if (missing.Count > 0)
        {
            var what = reports.Count == 1
                ? $"{OutsideText.Escape(firstSource)} is part {firstReport.Environment.Shard} of a sharded run, and its verdict covers only that part's cases"
                : $"the reports are {reports.Count} of the {count} parts of a sharded run";
            throw new InvalidDataException(
                $"{what}: part{(missing.Count == 1 ? "" : "s")} {Describe(missing)} {(missing.Count == 1 ? "is" : "are")} missing. Give the reports of all {count} parts to render the run's verdict.");
        }
    }

    /// <summary>1, 2, 5–9: the numbers with runs of three or more shortened, at most 20 numbers or ranges.</summary>
    private static string Describe(IReadOnlyList<int> numbers)
    {
        var pieces = new List<string>();
        for (var i = 0; i < numbers.Count;)
        {
            var end = i;
            while (end + 1 < numbers.Count && numbers[end + 1] == numbers[end] + 1)
            {
                end++;
            }

            pieces.Add(end - i >= 2 ? $"{numbers[i]}–{numbers[end]}" : string.Join(", ", numbers.Skip(i).Take(end - i + 1)));
            i = end + 1;
        }

        return pieces.Count > 20 ? string.Join(", ", pieces.Take(20)) + ", …" : string.Join(", ", pieces);
    }

    private static bool SameGate(ReportSuite left, ReportSuite right) =>
        left.Target.Provider == right.Target.Provider
        && left.Target.Model == right.Target.Model
        && GateText(left) == GateText(right);

    /// <summary>Every setting of a suite's gate, read and written again so that equal gates have equal text.</summary>
    private static string GateText(ReportSuite suite) =>
        string.Join("\n", ReportSuites.RulesOf(ReportSuites.GateWithEveryRuleOf(suite)).Select(rule => rule.Name + "=" + rule.Value?.ToJsonString()));

    private static Suite StubOf(ReportSuite suite) => new()
    {
        Id = suite.Id,
        Target = new TargetDefinition { Provider = suite.Target.Provider, Model = suite.Target.Model },
        Gate = ReportSuites.GateWithEveryRuleOf(suite),
        Cases = [],
        FilePath = suite.File ?? "",
    };
}
