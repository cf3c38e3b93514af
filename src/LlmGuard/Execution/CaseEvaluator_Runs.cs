using LlmGuard.Assertions;
using LlmGuard.Comparison;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Execution;

/// <summary>
/// Classifying a case's runs against one baseline answer: the tool calls structurally (as the case's <c>compare.tool_calls</c>
/// says) and the text through the ladder, once per distinct answer; then the case's class.
/// </summary>
internal sealed partial class CaseEvaluator
{
    /// <summary>Compares every run with the baseline and decides the case's class, its representative output and its measures.</summary>
    /// <exception cref="ComparisonModelException">A judge or embedding model could not answer.</exception>
    private static async Task<Classification> ClassifyAsync(
        CasePlan plan, ModelAnswer baseline, IReadOnlyList<string> variants, IReadOnlyList<Observation> runs, bool intended, EquivalenceLadder ladder, string baselineName, CancellationToken cancellationToken)
    {
        var request = plan.Messages.LastOrDefault(message => message.Role == "user")?.Content ?? "";
        var input = new LadderInput(baseline.Text, "", variants, plan.Case, request) { BaselineCalls = baseline.ToolCalls };
        var assertionList = AssertionsOf(plan);
        if (runs.Count == 1 && runs[0].Failure is null)
        {
            // The common case, once: no per-output bookkeeping.
            var run = runs[0];
            var output = run.Output ?? "";
            var failures = AssertionEvaluator.Evaluate(new ModelAnswer(output, run.ToolCalls), assertionList, cancellationToken);
            var calls = ToolCallComparer.Compare(baseline.ToolCalls, run.ToolCalls, plan.Case.Compare.ToolCalls);
            var compared = await ladder.CompareAsync(input with { Candidate = output, CandidateCalls = run.ToolCalls }, cancellationToken).ConfigureAwait(false);
            return Aggregate(plan, [new ClassifiedRun(run, Classify(failures, compared, calls, intended), compared, calls, failures)], intended, baselineName);
        }

        var ladders = new Dictionary<string, (LadderResult Ladder, ToolCallDifference Calls, IReadOnlyList<AssertionFailure> Failures)>(StringComparer.Ordinal);
        var classified = new List<ClassifiedRun>(runs.Count);
        foreach (var run in runs)
        {
            if (run.Failure is not null)
            {
                classified.Add(new ClassifiedRun(run, CaseOutcome.ProviderError, null, ToolCallDifference.Identical, []));
                continue;
            }

            var output = run.Output ?? "";
            var key = AnswerKey(output, run.ToolCalls);
            if (!ladders.TryGetValue(key, out var known))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ladders[key] = known = (
                    await ladder.CompareAsync(input with { Candidate = output, CandidateCalls = run.ToolCalls }, cancellationToken).ConfigureAwait(false),
                    ToolCallComparer.Compare(baseline.ToolCalls, run.ToolCalls, plan.Case.Compare.ToolCalls),
                    AssertionEvaluator.Evaluate(new ModelAnswer(output, run.ToolCalls), assertionList, cancellationToken));
            }

            classified.Add(new ClassifiedRun(run, Classify(known.Failures, known.Ladder, known.Calls, intended), known.Ladder, known.Calls, known.Failures));
        }

        return Aggregate(plan, classified, intended, baselineName);
    }

    /// <summary>One key per distinct answer: its text, and its tool calls when it makes some.</summary>
    private static string AnswerKey(string output, IReadOnlyList<ToolCall> calls) =>
        calls.Count == 0 ? output : output + "\0" + string.Join("\0", calls.Select(call => call.Name + "\u0001" + call.Arguments));

    /// <summary>
    /// A run's class: failing assertions first; then tool calls that differ (a change, however similar the text); then the
    /// ladder's verdict on the text (identical text with equivalent tool calls is equivalent).
    /// </summary>
    private static CaseOutcome Classify(IReadOnlyList<AssertionFailure> failures, LadderResult compared, ToolCallDifference calls, bool intended) =>
        failures.Count > 0 ? CaseOutcome.AssertionFailed
        : (compared.Outcome == CaseOutcome.Changed || calls.Kind == ToolCallComparisonKind.Different) && intended ? CaseOutcome.IntendedChange
        : calls.Kind == ToolCallComparisonKind.Different ? CaseOutcome.Changed
        : calls.Kind == ToolCallComparisonKind.Equivalent && compared.Outcome == CaseOutcome.Unchanged ? CaseOutcome.Equivalent
        : compared.Outcome;

    private static Classification Aggregate(CasePlan plan, List<ClassifiedRun> runs, bool intended, string baselineName)
    {
        IReadOnlyList<RepeatRun> repeats = runs.Count > 1
            ? [.. runs.Select((run, index) => new RepeatRun(index + 1, run.Outcome)
            {
                Output = run.Observation.Output,
                ToolCalls = run.Observation.ToolCalls,
                Usage = run.Observation.Usage,
                Seed = run.Observation.Seed,
                Failure = run.Observation.Failure,
                DecidingStep = run.Ladder?.Reported,
                Duration = run.Observation.Duration,
            })]
            : [];
        if (runs.FirstOrDefault(run => run.Outcome == CaseOutcome.ProviderError) is { } failed)
        {
            return new Classification(CaseOutcome.ProviderError, "", failed, repeats, null, null, null, failed.Observation.Failure);
        }

        if (runs.Count == 1)
        {
            var single = runs[0];
            var agreesAlone = single.Agrees;
            var passesAlone = HasAssertions(plan) ? single.Failures.Count == 0 : agreesAlone || intended;
            return new Classification(single.Outcome, Summarize(single.Outcome, single, runs, agreesAlone ? 1 : 0, baselineName), single, repeats, null,
                agreesAlone ? 1 : 0, passesAlone ? 1 : 0, null);
        }

        var agreeing = runs.Count(run => run.Agrees);
        // A run passes by the case's assertions where it has some, else by agreeing with the baseline (any change passes an intended case).
        var passing = HasAssertions(plan)
            ? runs.Count(run => run.Failures.Count == 0)
            : runs.Count(run => run.Agrees || intended);
        var outcomes = runs.Select(run => run.Outcome).Distinct().ToList();
        CaseOutcome outcome;
        if (outcomes.Count == 1)
        {
            outcome = outcomes[0];
        }
        else if (outcomes.All(candidate => candidate.IsPassing()))
        {
            // Every run agrees with the baseline, by different steps: the case is as strong as its weakest agreement.
            outcome = outcomes.OrderBy(candidate => candidate switch
            {
                CaseOutcome.Unstable => 0,
                CaseOutcome.JudgedEquivalent => 1,
                CaseOutcome.Equivalent => 2,
                _ => 3,
            }).First();
        }
        else if (runs.Count(run => run.Outcome.IsPassing()) * 2 > runs.Count)
        {
            outcome = CaseOutcome.Unstable;
        }
        else
        {
            outcome = runs.Where(run => !run.Outcome.IsPassing())
                .GroupBy(run => run.Outcome)
                .OrderByDescending(group => group.Count())
                .ThenBy(group => group.Key switch { CaseOutcome.AssertionFailed => 0, CaseOutcome.Changed => 1, _ => 2 })
                .First().Key;
        }

        var pool = outcome == CaseOutcome.Unstable ? runs.Where(run => run.Outcome.IsPassing()) : runs.Where(run => run.Outcome == outcome);
        var representative = pool.GroupBy(run => run.Observation.Output ?? "", StringComparer.Ordinal)
            .OrderByDescending(group => group.Count())
            .First().First();
        var summary = Summarize(outcome, representative, runs, agreeing, baselineName);
        return new Classification(outcome, summary, representative, repeats, Stability(plan, runs), (double)agreeing / runs.Count, (double)passing / runs.Count, null);
    }

    private static string Summarize(CaseOutcome outcome, ClassifiedRun representative, List<ClassifiedRun> runs, int agreeing, string baselineName)
    {
        var ladder = representative.Ladder!;
        var calls = representative.Calls;
        var reason = calls.Kind == ToolCallComparisonKind.Different
            ? "tool calls differ: " + calls.Reason
            : DifferenceReason(ladder);
        var text = (outcome == CaseOutcome.Unstable ? representative.Outcome : outcome) switch
        {
            CaseOutcome.Unchanged => $"output matches {baselineName}",
            CaseOutcome.Equivalent when ladder.IsIdentical => $"output is equivalent to {baselineName} (differs only in {calls.Reason})",
            CaseOutcome.Equivalent => $"output is equivalent to {baselineName} ({ladder.Decision!.Detail}{(calls.Kind == ToolCallComparisonKind.Equivalent ? $"; {calls.Reason}" : "")})",
            CaseOutcome.JudgedEquivalent => $"output differs from {baselineName} but is equivalent by {ladder.Decision!}",
            CaseOutcome.Unstable => $"output moved within the accepted variants of {baselineName}: {ladder.Decision!.Detail}",
            CaseOutcome.AssertionFailed => AssertionSummary(representative.Failures),
            CaseOutcome.IntendedChange => $"intended change: output differs from {baselineName}" + (reason is null ? "" : $": {reason}"),
            _ => $"output differs from {baselineName}" + (reason is null ? "" : $": {reason}"),
        };
        if (runs.Count == 1)
        {
            return text;
        }

        if (runs.All(run => run.Outcome == outcome))
        {
            return $"{text} (all {runs.Count} runs)";
        }

        var breakdown = string.Join(", ", runs.GroupBy(run => run.Outcome).OrderBy(group => group.Key).Select(group => $"{group.Count()} {group.Key.ToName()}"));
        return $"{agreeing} of {runs.Count} runs agree with {baselineName} ({breakdown}); {(outcome == CaseOutcome.Unstable ? "most common agreeing run" : "most common")}: {text}";
    }

    /// <summary>
    /// Why an output differs: the step that decided so, or the structural steps' reason (e.g. "first difference at line 3")
    /// with the scores of the steps that could not decide.
    /// </summary>
    private static string? DifferenceReason(LadderResult ladder)
    {
        if (ladder.Decision is { Verdict: LadderVerdict.Different } decided)
        {
            return decided.ToString();
        }

        var structural = ladder.Findings.LastOrDefault(finding => finding.Step is LadderStep.Exact or LadderStep.Normalized or LadderStep.Json)?.Detail;
        var others = ladder.Findings.Where(finding => finding.Step is not (LadderStep.Exact or LadderStep.Normalized or LadderStep.Json)).Select(finding => finding.ToString()).ToList();
        return others.Count == 0 ? structural : string.Join("; ", new[] { structural }.OfType<string>().Concat(others));
    }

    /// <summary>TARr@k over the runs' raw outputs, and TARa@k over their extracted answers when the case declares an extractor.</summary>
    private static Stability? Stability(CasePlan plan, List<ClassifiedRun> runs)
    {
        if (runs.Count < 2)
        {
            return null;
        }

        var outputs = runs.Select(run => run.Observation.Output ?? "").ToList();
        var stability = new Stability(outputs.Count, outputs.Distinct(StringComparer.Ordinal).Count(), ModalShare(outputs));
        if (plan.Case.Compare.Extract is not { } extractor)
        {
            return stability;
        }

        var answers = outputs.Select(output => AnswerExtractor.Extract(output, extractor) is { } answer
            ? (extractor.IgnoreCase ? answer.ToUpperInvariant() : answer)
            : "\0(nothing extracted)").ToList();
        return stability with { Tara = ModalShare(answers), DistinctAnswers = answers.Distinct(StringComparer.Ordinal).Count() };
    }

    private static double ModalShare(List<string> values) =>
        (double)values.GroupBy(value => value, StringComparer.Ordinal).Max(group => group.Count()) / values.Count;

    /// <summary>The measures a classified case carries into its result.</summary>
    private static CaseResult WithClassification(CasePlan plan, CaseResult result, Classification classification, string baseline, double baselinePassRate)
    {
        var ladder = classification.Representative.Ladder;
        var representative = classification.Representative.Observation;
        return result with
        {
            Outcome = classification.Outcome,
            Summary = classification.Summary,
            Output = representative.Output,
            ToolCalls = representative.ToolCalls,
            Usage = representative.Usage,
            EstimatedCost = CaseFigures.Cost(plan, representative.Usage, representative.Identity.ResolvedModelId),
            Identity = representative.Identity,
            BaselineOutput = baseline,
            AssertionFailures = classification.Representative.Failures,
            Ladder = ladder?.Findings ?? [],
            DecidingStep = ladder?.Reported,
            Repeats = classification.Repeats,
            Stability = classification.Stability,
            Agreement = classification.Agreement,
            PassRates = classification.CandidatePassRate is { } candidate ? new PassRates(baselinePassRate, candidate) : null,
        };
    }

    /// <summary>The share of baseline runs whose answers satisfy the case's assertions (each distinct answer checked once).</summary>
    private static double AssertionPassRate(CasePlan plan, IReadOnlyList<Observation> runs, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return 0;
        }

        if (!HasAssertions(plan))
        {
            return 1;
        }

        var assertions = AssertionsOf(plan);
        var passes = new Dictionary<string, bool>(StringComparer.Ordinal);
        var passing = 0;
        foreach (var run in runs)
        {
            var output = run.Output ?? "";
            var key = AnswerKey(output, run.ToolCalls);
            if (!passes.TryGetValue(key, out var passed))
            {
                passes[key] = passed = AssertionEvaluator.Evaluate(new ModelAnswer(output, run.ToolCalls), assertions, cancellationToken).Count == 0;
            }

            passing += passed ? 1 : 0;
        }

        return (double)passing / runs.Count;
    }

    /// <summary>Whether the case asserts anything (its <c>expect</c>, or what its response format implies).</summary>
    private static bool HasAssertions(CasePlan plan) => AssertionsOf(plan).Count > 0;

    /// <summary>One run, compared: its text through the ladder, its tool calls structurally, its assertions.</summary>
    private sealed record ClassifiedRun(Observation Observation, CaseOutcome Outcome, LadderResult? Ladder, ToolCallDifference Calls, IReadOnlyList<AssertionFailure> Failures)
    {
        /// <summary>Whether the run agrees with the baseline: equivalent text and tool calls that do not differ.</summary>
        public bool Agrees => Ladder is { IsEquivalent: true } && Calls.Kind != ToolCallComparisonKind.Different;
    }

    /// <summary>A case's class and measures over its runs.</summary>
    private sealed record Classification(
        CaseOutcome Outcome,
        string Summary,
        ClassifiedRun Representative,
        IReadOnlyList<RepeatRun> Repeats,
        Stability? Stability,
        double? Agreement,
        double? CandidatePassRate,
        ProviderFailure? Failure);
}
