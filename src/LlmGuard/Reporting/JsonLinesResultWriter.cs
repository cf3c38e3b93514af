using System.Text.Json;
using LlmGuard.Gating;
using LlmGuard.Results;
using LlmGuard.Statistics;

namespace LlmGuard.Reporting;

/// <summary>
/// Writes results as JSON Lines, one object per case as it completes, then one verdict object, so result files
/// stream (nothing is held in memory) and files from shards can be concatenated and merged.
/// </summary>
/// <param name="writer">Where the lines go; flushed after every record and disposed with this writer.</param>
internal sealed class JsonLinesResultWriter(TextWriter writer) : IRunResultSink
{
    /// <summary>The version of the record shape.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never,
    };

    /// <summary>Writes one case result.</summary>
    public void Write(CaseResult result) => WriteLine(Format(result));

    /// <summary>Writes the run's verdict.</summary>
    public void Write(RunVerdict verdict) => WriteLine(Format(verdict));

    /// <inheritdoc />
    public void Complete(RunVerdict verdict) => Write(verdict);

    /// <inheritdoc />
    public void Dispose() => writer.Dispose();

    /// <summary>One case result as a JSON line (with its line feed).</summary>
    public static string Format(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var record = new
        {
            Type = "case",
            Format = FormatVersion,
            result.Suite,
            result.Case,
            Outcome = result.Outcome.ToName(),
            result.Summary,
            result.Tags,
            result.Intended,
            Request = result.RequestFingerprint,
            result.Provider,
            result.Model,
            ResolvedModel = result.Identity.ResolvedModelId,
            result.Identity.Digest,
            result.Identity.SystemFingerprint,
            result.SameWeights,
            IdentityChanges = result.IdentityChanges.Select(change => new { change.Field, change.Recorded, change.Current, change.Gating, change.Expected }),
            AssertionFailures = result.AssertionFailures.Select(failure => new { Assertion = failure.Assertion.Name, failure.Message }),
            Failure = result.Failure is null ? null : new { result.Failure.Kind, result.Failure.StatusCode, result.Failure.Message, result.Failure.Source },
            DecidingStep = result.DecidingStep is null ? null : Step(result.DecidingStep),
            Ladder = result.Ladder.Select(Step),
            result.Agreement,
            PassRates = result.PassRates is null ? null : new { result.PassRates.Baseline, result.PassRates.Candidate },
            Stability = result.Stability is null ? null : new
            {
                result.Stability.Runs,
                result.Stability.DistinctOutputs,
                result.Stability.Tarr,
                result.Stability.Tara,
                result.Stability.DistinctAnswers,
            },
            Repeats = result.Repeats.Select(run => new
            {
                run.Index,
                Outcome = run.Outcome.ToName(),
                run.Output,
                run.Seed,
                Failure = run.Failure is null ? null : new { run.Failure.Kind, run.Failure.StatusCode, run.Failure.Message, run.Failure.Source },
                DecidingStep = run.DecidingStep?.StepName,
                DurationMs = Math.Round(run.Duration.TotalMilliseconds, 1),
                ToolCalls = run.ToolCalls.Select(call => new { call.Name, call.Arguments, call.ArgumentsValid }),
                Usage = run.Usage is { } runUsage ? new { runUsage.InputTokens, runUsage.OutputTokens, runUsage.Estimated } : null,
            }),
            result.Output,
            Verified = result.VerifiedPath,
            Received = result.ReceivedPath,
            DurationMs = Math.Round(result.Duration.TotalMilliseconds, 1),
            ToolCalls = result.ToolCalls.Select(call => new { call.Name, call.Arguments, call.ArgumentsValid }),
            Usage = result.Usage is { } usage ? new { usage.InputTokens, usage.OutputTokens, usage.Estimated } : null,
            result.EstimatedCost,
            Baseline = result.Baseline is { } baseline
                ? new { baseline.Model, baseline.Usage.InputTokens, baseline.Usage.OutputTokens, baseline.Usage.Estimated, baseline.EstimatedCost }
                : null,
            Likelihood = result.Likelihood is { } likelihood
                ? new { likelihood.Tokens, likelihood.BaselineMeanLogProbability, likelihood.CandidateMeanLogProbability, likelihood.Shift, likelihood.MeanKlDivergence, likelihood.Method }
                : null,
        };
        return JsonSerializer.Serialize(record, Options) + "\n";
    }

    /// <summary>A run's verdict as a JSON line (with its line feed).</summary>
    public static string Format(RunVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var record = new
        {
            Type = "verdict",
            Format = FormatVersion,
            verdict.Passed,
            verdict.ExitCode,
            verdict.Interrupted,
            Suites = verdict.Suites.Select(suite => new
            {
                suite.Suite,
                suite.Passed,
                suite.Reasons,
                Counts = suite.Counts.ToDictionary(pair => pair.Key.ToName(), pair => pair.Value),
                Rules = suite.Rules.Select(rule => new { rule.Rule, rule.Held, rule.Figure, rule.Limit, rule.Note, rule.Cases }),
                ModelChange = suite.ModelChange is null ? null : new { suite.ModelChange.Recorded, suite.ModelChange.Current },
                suite.SameWeights,
                suite.ChangedCases,
                suite.IntendedChanges,
                suite.DifferingOutputs,
                suite.EquivalentByStep,
                suite.Agreement,
                Statistics = suite.Statistics is not { } statistics ? null : new
                {
                    statistics.Cases,
                    statistics.BothPassed,
                    statistics.BothFailed,
                    statistics.Regressions,
                    statistics.Improvements,
                    statistics.PValue,
                    statistics.RegressionPValue,
                    statistics.ImprovementPValue,
                    statistics.Alpha,
                    statistics.MinimumDiscordant,
                    statistics.BaselinePassRate,
                    statistics.CandidatePassRate,
                    statistics.IntervalLow,
                    statistics.IntervalHigh,
                    statistics.Resamples,
                    statistics.Seed,
                    Verdict = statistics.Verdict.ToName(),
                    statistics.RegressedCases,
                    statistics.ImprovedCases,
                },
                Figures = suite.Figures is { } figures
                    ? new
                    {
                        figures.AnsweredCases,
                        figures.ComparedCases,
                        figures.InputTokens,
                        figures.OutputTokens,
                        figures.BaselineOutputTokens,
                        figures.OutputTokensIncrease,
                        figures.TokensEstimated,
                        figures.Cost,
                        figures.BaselineCost,
                        figures.CostIncrease,
                        figures.ModelsWithoutPrice,
                        LatencyP95Ms = figures.LatencyP95 is { } p95 ? Math.Round(p95.TotalMilliseconds, 1) : (double?)null,
                        figures.LikelihoodCases,
                        figures.LargestLikelihoodShift,
                        figures.MeanKlDivergence,
                    }
                    : null,
            }),
            verdict.Orphans,
        };
        return JsonSerializer.Serialize(record, Options) + "\n";
    }

    private static object Step(LadderFinding finding) => new
    {
        Step = finding.StepName,
        Verdict = finding.Verdict.ToString().ToLowerInvariant(),
        finding.Detail,
        finding.Score,
        finding.Threshold,
        Model = finding.Model?.ResolvedModelId,
        Votes = finding.Votes.Select(vote => new { vote.Equivalent, vote.Reason, vote.Cached }),
        finding.Calls,
        finding.CachedCalls,
    };

    private void WriteLine(string line)
    {
        writer.Write(line);
        writer.Flush();
    }
}
