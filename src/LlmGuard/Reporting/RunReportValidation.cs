using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>
/// Checks a report read from a file beyond what its JSON shape says, so that a crafted or damaged file is refused with
/// the field at fault rather than failing later: ids are safe ids, outcomes, gate decisions, modes and shards are ones
/// this build knows, lists hold no nulls, every case's suite is in the report and no case appears twice.
/// </summary>
internal static class RunReportValidation
{
    private static readonly IReadOnlySet<string> GateNames = Enum.GetValues<CaseGateDecision>().Select(ReportCases.GateName).ToHashSet(StringComparer.Ordinal);

    /// <summary>Throws when the report holds what this build cannot show or gate.</summary>
    /// <exception cref="InvalidDataException">The message names the file and the field.</exception>
    public static void Validate(RunReport report, string source)
    {
        var problems = new Problems(source);
        var environment = report.Environment;
        if (!RunModes.TryParse(environment.Mode, out var mode) || RunReportBuilder.RunModeName(mode) != environment.Mode)
        {
            problems.Fail("environment.mode", $"'{environment.Mode}' is not a mode (verify, update or replay)");
        }

        if (environment.Shard is { } shard && !RunShards.TryParse(shard, out _, out _))
        {
            problems.Fail("environment.shard", $"'{shard}' is not i/n with 1 ≤ i ≤ n ≤ {RunShards.MaxCount}");
        }

        NoNulls(problems, "environment.merged_from", environment.MergedFrom);
        if (report.Verdict.ExitCode is not (ExitCodes.Passed or ExitCodes.GateFailed or ExitCodes.ProviderErrorsOnly or ExitCodes.Interrupted))
        {
            problems.Fail("verdict.exit_code", $"{report.Verdict.ExitCode} is not an exit code a verdict has (0, 1, 3 or 130)");
        }

        NotNegative(problems, "verdict.total", report.Verdict.Total);
        Counts(problems, "verdict.counts", report.Verdict.Counts);
        NoNulls(problems, "orphans", report.Orphans);

        var suites = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < report.Suites.Count; i++)
        {
            var path = $"suites[{i}]";
            if (report.Suites[i] is not { } suite)
            {
                problems.Fail(path, "is null");
                continue;
            }

            Id(problems, path + ".id", suite.Id);
            if (!suites.Add(suite.Id))
            {
                problems.Fail(path + ".id", $"the suite '{suite.Id}' is listed twice");
            }

            NotNegative(problems, path + ".total", suite.Total);
            Counts(problems, path + ".counts", suite.Counts);
            NoNulls(problems, path + ".gate.reasons", suite.Gate.Reasons);
            NoNulls(problems, path + ".gate.rules", suite.Gate.Rules);
            NoNulls(problems, path + ".identity_changes", suite.IdentityChanges);
            foreach (var (outcome, decision) in suite.Gate.Outcomes)
            {
                Outcome(problems, $"{path}.gate.outcomes", outcome);
                Gate(problems, $"{path}.gate.outcomes.{outcome}", decision);
            }

            if (suite.Target.Parameters.Values.Any(value => value is null))
            {
                problems.Fail(path + ".target.parameters", "holds a null value");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < report.Cases.Count; i++)
        {
            var path = $"cases[{i}]";
            if (report.Cases[i] is not { } reportCase)
            {
                problems.Fail(path, "is null");
                continue;
            }

            Id(problems, path + ".suite", reportCase.Suite);
            Id(problems, path + ".case", reportCase.Case);
            if (!suites.Contains(reportCase.Suite))
            {
                problems.Fail(path + ".suite", $"the suite '{reportCase.Suite}' is not in the report's suites");
            }

            if (!names.Add(reportCase.Name))
            {
                problems.Fail(path, $"the case '{reportCase.Name}' is listed twice");
            }

            NotNegative(problems, path + ".position", reportCase.Position);
            if (!double.IsFinite(reportCase.DurationMs) || reportCase.DurationMs < 0)
            {
                problems.Fail(path + ".duration_ms", "is not a duration (a finite number ≥ 0)");
            }

            if (reportCase.Tokens is { } tokens)
            {
                NotNegative(problems, path + ".tokens.input", tokens.Input);
                NotNegative(problems, path + ".tokens.output", tokens.Output);
                NotNegative(problems, path + ".tokens.total", tokens.Total);
            }

            Outcome(problems, path + ".outcome", reportCase.Outcome);
            Gate(problems, path + ".gate", reportCase.Gate);
            NoNulls(problems, path + ".tags", reportCase.Tags);
            NoNulls(problems, path + ".assertion_failures", reportCase.AssertionFailures);
            NoNulls(problems, path + ".identity_changes", reportCase.IdentityChanges);
            if (reportCase.Identity?.Details is { } details && details.Values.Any(value => value is null))
            {
                problems.Fail(path + ".identity.details", "holds a null value");
            }
        }

        problems.ThrowIfAny();
    }

    private static void Id(Problems problems, string path, string id)
    {
        if (SafeIds.Problem(id) is { } problem)
        {
            problems.Fail(path, $"'{id}' is not a suite or case id: {problem}");
        }
    }

    private static void Outcome(Problems problems, string path, string outcome)
    {
        if (ReportCases.ParseOutcome(outcome) is null)
        {
            problems.Fail(path, $"'{outcome}' is not an outcome this version of LlmGuard knows (known: {string.Join(", ", ReportCases.OutcomeNames)}): render it with the version that wrote it");
        }
    }

    private static void Gate(Problems problems, string path, string gate)
    {
        if (!GateNames.Contains(gate))
        {
            problems.Fail(path, $"'{gate}' is not a gate decision (pass, warn or fail)");
        }
    }

    private static void Counts(Problems problems, string path, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (outcome, count) in counts)
        {
            Outcome(problems, path, outcome);
            NotNegative(problems, $"{path}.{outcome}", count);
        }
    }

    private static void NotNegative(Problems problems, string path, long? value)
    {
        if (value < 0)
        {
            problems.Fail(path, "is negative");
        }
    }

    private static void NoNulls<T>(Problems problems, string path, IReadOnlyList<T> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                problems.Fail($"{path}[{i}]", "is null");
            }
        }
    }

    /// <summary>The first few problems, escaped, in one message.</summary>
    private sealed class Problems(string source)
    {
        private const int MaxShown = 5;
        private readonly List<string> messages = [];
        private int count;

        public void Fail(string path, string message)
        {
            if (++count <= MaxShown)
            {
                messages.Add($"{OutsideText.Escape(source)}: {path}: {OutsideText.Escape(message)}.");
            }
        }

        public void ThrowIfAny()
        {
            if (count > 0)
            {
                throw new InvalidDataException(
                    string.Join("\n", messages) + (count > MaxShown ? $"\n… and {count - MaxShown} more problem(s)." : ""));
            }
        }
    }
}
