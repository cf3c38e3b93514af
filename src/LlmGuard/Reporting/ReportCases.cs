using LlmGuard.Gating;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>Converts between the engine's <see cref="CaseResult"/> and a report's <see cref="ReportCase"/>.</summary>
internal static class ReportCases
{
    /// <summary>The report record of a result.</summary>
    public static ReportCase From(CaseResult result, int position, CaseGateDecision decision) => new()
    {
        Suite = result.Suite,
        Case = result.Case,
        Position = position,
        Tags = result.Tags,
        Outcome = result.Outcome.ToName(),
        Gate = GateName(decision),
        Summary = result.Summary,
        Output = result.Output,
        Baseline = result.BaselineOutput,
        Diff = result.Diff,
        AssertionFailures = [.. result.AssertionFailures.Select(failure => new ReportAssertionFailure(failure.Assertion.Name, failure.Message))],
        Failure = result.Failure is { } failure ? new ReportFailure(failure.Kind, failure.Message, failure.StatusCode) : null,
        Identity = result.Identity == ModelIdentity.Unknown || IsEmpty(result.Identity)
            ? null
            : new ReportIdentity(result.Identity.ResolvedModelId, result.Identity.Digest, result.Identity.SystemFingerprint, result.Identity.Details.Count > 0 ? result.Identity.Details : null),
        IdentityChanges = [.. result.IdentityChanges.Select(IdentityChangeOf)],
        RequestFingerprint = result.RequestFingerprint,
        DurationMs = Math.Round(result.Duration.TotalMilliseconds, 1),
        Tokens = result.Usage is { } usage ? new ReportTokens(usage.InputTokens, usage.OutputTokens, usage.InputTokens + usage.OutputTokens, usage.Estimated) : null,
        EstimatedCost = result.EstimatedCost,
        BaselineFigures = result.Baseline is { } baseline
            ? new ReportBaselineFigures { Model = baseline.Model, InputTokens = baseline.Usage.InputTokens, OutputTokens = baseline.Usage.OutputTokens, Estimated = baseline.Usage.Estimated, EstimatedCost = baseline.EstimatedCost }
            : null,
        Provider = result.Provider,
        Model = result.Model,
        Intended = result.Intended,
        SameWeights = result.SameWeights,
        DecidingStep = result.DecidingStep is { } deciding ? StepOf(deciding) : null,
        Ladder = [.. result.Ladder.Select(StepOf)],
        Stability = result.Stability is { } stability
            ? new ReportStability(stability.Runs, stability.DistinctOutputs, stability.Tarr) { Tara = stability.Tara, DistinctAnswers = stability.DistinctAnswers }
            : null,
        Agreement = result.Agreement,
        PassRates = result.PassRates is { } rates ? new ReportPassRates(rates.Baseline, rates.Candidate) : null,
        Repeats = [.. result.Repeats.Select(run => new ReportRepeat
        {
            Index = run.Index,
            Outcome = run.Outcome.ToName(),
            Output = run.Output,
            Seed = run.Seed,
            Failure = run.Failure is { } runFailure ? new ReportFailure(runFailure.Kind, runFailure.Message, runFailure.StatusCode) : null,
            DecidingStep = run.DecidingStep?.StepName,
            DurationMs = Math.Round(run.Duration.TotalMilliseconds, 1),
        })],
        ToolCalls = [.. result.ToolCalls.Select(call => new ReportToolCall(call.Name, call.Arguments, call.ArgumentsValid))],
        Likelihood = result.Likelihood is { } likelihood
            ? new ReportLikelihood
            {
                Tokens = likelihood.Tokens,
                BaselineMeanLogProbability = likelihood.BaselineMeanLogProbability,
                CandidateMeanLogProbability = likelihood.CandidateMeanLogProbability,
                Shift = likelihood.Shift,
                MeanKlDivergence = likelihood.MeanKlDivergence,
                Method = likelihood.Method,
            }
            : null,
        Verified = result.VerifiedPath,
        Received = result.ReceivedPath,
    };

    /// <summary>The report record of an identity change.</summary>
    public static ReportIdentityChange IdentityChangeOf(IdentityChange change) =>
        new(change.Field, change.Recorded, change.Current, change.Gating) { Expected = change.Expected };

    /// <summary>The report record of a ladder step's finding.</summary>
    public static ReportLadderStep StepOf(LadderFinding finding) => new()
    {
        Step = finding.StepName,
        Verdict = finding.Verdict.ToString().ToLowerInvariant(),
        Detail = finding.Detail,
        Score = finding.Score,
        Threshold = finding.Threshold,
        Model = finding.Model?.ResolvedModelId,
        Votes = [.. finding.Votes.Select(vote => new ReportJudgeVote(vote.Equivalent, vote.Reason, vote.Cached))],
        Calls = finding.Calls,
        CachedCalls = finding.CachedCalls,
    };

    /// <summary>
    /// The part of a result the gate reads (outcome, tags, identity changes, ladder, repeats, pass rates, agreement, tokens,
    /// cost, latency, likelihood), rebuilt from a report so that merged shards are gated by the same code as a run.
    /// </summary>
    /// <exception cref="InvalidDataException">The outcome is not one this build knows.</exception>
    public static CaseResult ToGateInput(ReportCase reportCase) => new()
    {
        Suite = reportCase.Suite,
        Case = reportCase.Case,
        Tags = reportCase.Tags,
        Outcome = ParseOutcome(reportCase.Outcome) ?? throw UnknownOutcome(reportCase, reportCase.Outcome),
        Summary = reportCase.Summary,
        IdentityChanges = [.. reportCase.IdentityChanges.Select(change => new IdentityChange(change.Field, change.Recorded, change.Current, change.Gating) { Expected = change.Expected })],
        RequestFingerprint = reportCase.RequestFingerprint,
        Identity = reportCase.Identity is { } identity
            ? new ModelIdentity { ResolvedModelId = identity.ResolvedModel, Digest = identity.Digest, SystemFingerprint = identity.SystemFingerprint }
            : ModelIdentity.Unknown,
        Duration = TimeSpan.FromMilliseconds(reportCase.DurationMs),
        Usage = reportCase.Tokens is { } tokens ? new TokenUsage(tokens.Input ?? 0, tokens.Output ?? 0, tokens.Estimated) : null,
        EstimatedCost = reportCase.EstimatedCost,
        Baseline = reportCase.BaselineFigures is { } baseline
            ? new BaselineFigures { Usage = new TokenUsage(baseline.InputTokens, baseline.OutputTokens, baseline.Estimated), EstimatedCost = baseline.EstimatedCost, Model = baseline.Model }
            : null,
        Intended = reportCase.Intended,
        SameWeights = reportCase.SameWeights,
        Ladder = [.. reportCase.Ladder.Select(step => FindingOf(reportCase, step))],
        DecidingStep = reportCase.DecidingStep is { } deciding ? FindingOf(reportCase, deciding) : null,
        Agreement = reportCase.Agreement,
        PassRates = reportCase.PassRates is { } rates ? new PassRates(rates.Baseline, rates.Candidate) : null,
        Repeats = [.. reportCase.Repeats.Select(run => new RepeatRun(run.Index, ParseOutcome(run.Outcome) ?? throw UnknownOutcome(reportCase, run.Outcome)) { Output = run.Output })],
        Likelihood = reportCase.Likelihood is { } likelihood
            ? new LikelihoodDrift
            {
                Tokens = likelihood.Tokens,
                BaselineMeanLogProbability = likelihood.BaselineMeanLogProbability,
                CandidateMeanLogProbability = likelihood.CandidateMeanLogProbability,
                MeanKlDivergence = likelihood.MeanKlDivergence,
                Method = likelihood.Method,
            }
            : null,
    };

    /// <summary>Every outcome's name, in declaration order.</summary>
    public static IReadOnlyList<string> OutcomeNames { get; } = [.. Enum.GetValues<CaseOutcome>().Select(outcome => outcome.ToName())];

    /// <summary>The outcome with this name, or null.</summary>
    public static CaseOutcome? ParseOutcome(string name) =>
        Enum.GetValues<CaseOutcome>().Cast<CaseOutcome?>().FirstOrDefault(outcome => outcome!.Value.ToName() == name);

    /// <summary><c>pass</c>, <c>warn</c> or <c>fail</c>.</summary>
    public static string GateName(CaseGateDecision decision) => decision.ToString().ToLowerInvariant();

    private static InvalidDataException UnknownOutcome(ReportCase reportCase, string outcome) => new(
        $"case '{reportCase.Name}' has the outcome '{outcome}', which this version of LlmGuard does not know (known: {string.Join(", ", OutcomeNames)}): render it with the version that wrote it.");

    private static LadderFinding FindingOf(ReportCase reportCase, ReportLadderStep step)
    {
        if (!Enum.TryParse<LadderStep>(step.Step, ignoreCase: true, out var ladderStep) || ladderStep.ToString().ToLowerInvariant() != step.Step
            || !Enum.TryParse<LadderVerdict>(step.Verdict, ignoreCase: true, out var verdict) || verdict.ToString().ToLowerInvariant() != step.Verdict)
        {
            throw new InvalidDataException(
                $"case '{reportCase.Name}' has the ladder step '{step.Step}' ({step.Verdict}), which this version of LlmGuard does not know: merge with the version that wrote it.");
        }

        return new LadderFinding(ladderStep, verdict, step.Detail) { Score = step.Score, Threshold = step.Threshold };
    }

    private static bool IsEmpty(ModelIdentity identity) =>
        identity.ResolvedModelId is null && identity.Digest is null && identity.SystemFingerprint is null && identity.Details.Count == 0;
}
