using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>
/// Checks a report read from a file beyond what its JSON shape says, so that a crafted or damaged file is refused with
/// the field at fault rather than failing later: ids are safe ids, outcomes, gate decisions, modes and shards are ones
/// this build knows, ladder steps and verdicts are named ones, shares lie in [0, 1] and counts are not negative, lists
/// hold no nulls, every case's suite is in the report and no case appears twice.
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

            Suite(problems, path, suite);
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

            Comparison(problems, path, reportCase);
        }

        problems.ThrowIfAny();
    }

    /// <summary>The gate's rule results, case lists, agreement, statistics and figures of a suite.</summary>
    private static void Suite(Problems problems, string path, ReportSuite suite)
    {
        var rules = suite.Gate.RuleResults;
        NoNulls(problems, path + ".gate.rule_results", rules);
        for (var j = 0; j < rules.Count; j++)
        {
            if (rules[j] is { } rule)
            {
                NoNulls(problems, $"{path}.gate.rule_results[{j}].cases", rule.Cases);
            }
        }

        NoNulls(problems, path + ".changed_cases", suite.ChangedCases);
        NoNulls(problems, path + ".intended_changes", suite.IntendedChanges);
        NotNegative(problems, path + ".differing_outputs", suite.DifferingOutputs);
        foreach (var (step, count) in suite.EquivalentByStep)
        {
            NotNegative(problems, $"{path}.equivalent_by_step.{step}", count);
        }

        Share(problems, path + ".agreement", suite.Agreement);
        if (suite.Statistics is { } statistics)
        {
            var at = path + ".statistics";
            if (!Statistics.StatisticalVerdictExtensions.TryParse(statistics.Verdict, out _))
            {
                problems.Fail(at + ".verdict", $"'{statistics.Verdict}' is not a statistical verdict this version of LlmGuard knows");
            }

            NotNegative(problems, at + ".cases", statistics.Cases);
            NotNegative(problems, at + ".both_passed", statistics.BothPassed);
            NotNegative(problems, at + ".both_failed", statistics.BothFailed);
            NotNegative(problems, at + ".regressions", statistics.Regressions);
            NotNegative(problems, at + ".improvements", statistics.Improvements);
            NotNegative(problems, at + ".minimum_discordant", statistics.MinimumDiscordant);
            NotNegative(problems, at + ".resamples", statistics.Resamples);
            Share(problems, at + ".p_value", statistics.PValue);
            Share(problems, at + ".regression_p_value", statistics.RegressionPValue);
            Share(problems, at + ".improvement_p_value", statistics.ImprovementPValue);
            Share(problems, at + ".alpha", statistics.Alpha);
            Share(problems, at + ".baseline_pass_rate", statistics.BaselinePassRate);
            Share(problems, at + ".candidate_pass_rate", statistics.CandidatePassRate);
            Within(problems, at + ".interval_low", statistics.IntervalLow, -1, 1);
            Within(problems, at + ".interval_high", statistics.IntervalHigh, -1, 1);
            NoNulls(problems, at + ".regressed_cases", statistics.RegressedCases);
            NoNulls(problems, at + ".improved_cases", statistics.ImprovedCases);
        }

        if (suite.Figures is { } figures)
        {
            var at = path + ".figures";
            NotNegative(problems, at + ".answered_cases", figures.AnsweredCases);
            NotNegative(problems, at + ".compared_cases", figures.ComparedCases);
            NotNegative(problems, at + ".input_tokens", figures.InputTokens);
            NotNegative(problems, at + ".output_tokens", figures.OutputTokens);
            NotNegative(problems, at + ".baseline_output_tokens", figures.BaselineOutputTokens);
            NotNegative(problems, at + ".likelihood_cases", figures.LikelihoodCases);
            NoNulls(problems, at + ".models_without_price", figures.ModelsWithoutPrice);
        }
    }

    /// <summary>A case's ladder, repeats, tool calls and the measures of its comparison.</summary>
    private static void Comparison(Problems problems, string path, ReportCase reportCase)
    {
        if (reportCase.DecidingStep is { } deciding)
        {
            LadderStep(problems, path + ".deciding_step", deciding);
        }

        NoNulls(problems, path + ".ladder", reportCase.Ladder);
        for (var j = 0; j < reportCase.Ladder.Count; j++)
        {
            if (reportCase.Ladder[j] is { } step)
            {
                LadderStep(problems, $"{path}.ladder[{j}]", step);
            }
        }

        NoNulls(problems, path + ".repeats", reportCase.Repeats);
        for (var j = 0; j < reportCase.Repeats.Count; j++)
        {
            if (reportCase.Repeats[j] is not { } run)
            {
                continue;
            }

            var at = $"{path}.repeats[{j}]";
            if (run.Index < 1)
            {
                problems.Fail(at + ".index", $"{run.Index} is not a run number (1 or more)");
            }

            Outcome(problems, at + ".outcome", run.Outcome);
            if (run.DecidingStep is { } stepName)
            {
                StepName(problems, at + ".deciding_step", stepName);
            }

            if (!double.IsFinite(run.DurationMs) || run.DurationMs < 0)
            {
                problems.Fail(at + ".duration_ms", "is not a duration (a finite number ≥ 0)");
            }
        }

        NoNulls(problems, path + ".tool_calls", reportCase.ToolCalls);
        for (var j = 0; j < reportCase.ToolCalls.Count; j++)
        {
            if (reportCase.ToolCalls[j] is { } call && (string.IsNullOrEmpty(call.Name) || call.Arguments is null))
            {
                problems.Fail($"{path}.tool_calls[{j}]", "has no name or no arguments");
            }
        }

        Share(problems, path + ".agreement", reportCase.Agreement);
        if (reportCase.PassRates is { } rates)
        {
            Share(problems, path + ".pass_rates.baseline", rates.Baseline);
            Share(problems, path + ".pass_rates.candidate", rates.Candidate);
        }

        if (reportCase.Stability is { } stability)
        {
            NotNegative(problems, path + ".stability.runs", stability.Runs);
            NotNegative(problems, path + ".stability.distinct_outputs", stability.DistinctOutputs);
            NotNegative(problems, path + ".stability.distinct_answers", stability.DistinctAnswers);
            Share(problems, path + ".stability.tarr", stability.Tarr);
            Share(problems, path + ".stability.tara", stability.Tara);
        }

        if (reportCase.Likelihood is { } likelihood)
        {
            NotNegative(problems, path + ".likelihood.tokens", likelihood.Tokens);
            if (likelihood.MeanKlDivergence is { } divergence && !(double.IsFinite(divergence) && divergence >= 0))
            {
                problems.Fail(path + ".likelihood.mean_kl_divergence", "is not a divergence (a finite number ≥ 0)");
            }
        }

        if (reportCase.BaselineFigures is { } baseline)
        {
            NotNegative(problems, path + ".baseline_figures.input_tokens", baseline.InputTokens);
            NotNegative(problems, path + ".baseline_figures.output_tokens", baseline.OutputTokens);
        }
    }

    private static void LadderStep(Problems problems, string path, ReportLadderStep step)
    {
        StepName(problems, path + ".step", step.Step);
        if (!Enum.TryParse<LadderVerdict>(step.Verdict, ignoreCase: true, out var verdict) || verdict.ToString().ToLowerInvariant() != step.Verdict)
        {
            problems.Fail(path + ".verdict", $"'{step.Verdict}' is not a ladder verdict (equivalent, different or undecided)");
        }

        NoNulls(problems, path + ".votes", step.Votes);
        NotNegative(problems, path + ".calls", step.Calls);
        NotNegative(problems, path + ".cached_calls", step.CachedCalls);
    }

    private static void StepName(Problems problems, string path, string name)
    {
        if (!Enum.TryParse<LadderStep>(name, ignoreCase: true, out var step) || step.ToString().ToLowerInvariant() != name)
        {
            problems.Fail(path, $"'{name}' is not a ladder step this version of LlmGuard knows (known: {string.Join(", ", Enum.GetValues<LadderStep>().Select(known => known.ToString().ToLowerInvariant()))})");
        }
    }

    private static void Share(Problems problems, string path, double? value) => Within(problems, path, value, 0, 1);

    private static void Within(Problems problems, string path, double? value, double low, double high)
    {
        if (value is { } number && !(double.IsFinite(number) && number >= low && number <= high))
        {
            problems.Fail(path, $"is not a number from {low} to {high}");
        }
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
