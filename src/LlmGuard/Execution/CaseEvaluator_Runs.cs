using LlmGuard.Assertions;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;

namespace LlmGuard.Execution;

/// <summary>Classifying a case's runs against one baseline output: the ladder per distinct output, then the case's class.</summary>
internal sealed partial class CaseEvaluator
{
    /// <summary>Compares every run with the baseline and decides the case's class, its representative output and its measures.</summary>
    /// <exception cref="ComparisonModelException">A judge or embedding model could not answer.</exception>
    private static async Task<Classification> ClassifyAsync(
        CasePlan plan, string baseline, IReadOnlyList<string> variants, IReadOnlyList<Observation> runs, bool intended, EquivalenceLadder ladder, string baselineName, CancellationToken cancellationToken)
    {
        var request = plan.Messages.LastOrDefault(message => message.Role == "user")?.Content ?? "";
        var input = new LadderInput(baseline, "", variants, plan.Case, request);
        if (runs.Count == 1 && runs[0].Failure is null)
        {
            // The common case, once: no per-output bookkeeping.
            var output = runs[0].Output ?? "";
            var failures = AssertionEvaluator.Evaluate(output, plan.Case.Expect);
            var compared = await ladder.CompareAsync(input with { Candidate = output }, cancellationToken).ConfigureAwait(false);
            return Aggregate(plan, [new ClassifiedRun(runs[0], Classify(failures, compared, intended), compared, failures)], intended, baselineName);
        }

        var ladders = new Dictionary<string, LadderResult>(StringComparer.Ordinal);
        var assertions = new Dictionary<string, IReadOnlyList<AssertionFailure>>(StringComparer.Ordinal);
        var classified = new List<ClassifiedRun>(runs.Count);
        foreach (var run in runs)
        {
            if (run.Failure is not null)
            {
                classified.Add(new ClassifiedRun(run, CaseOutcome.ProviderError, null, []));
                continue;
            }

            var output = run.Output ?? "";
            if (!assertions.TryGetValue(output, out var failures))
            {
                assertions[output] = failures = AssertionEvaluator.Evaluate(output, plan.Case.Expect);
            }

            if (!ladders.TryGetValue(output, out var compared))
            {
                ladders[output] = compared = await ladder.CompareAsync(input with { Candidate = output }, cancellationToken).ConfigureAwait(false);
            }

            classified.Add(new ClassifiedRun(run, Classify(failures, compared, intended), compared, failures));
        }

        return Aggregate(plan, classified, intended, baselineName);
    }

    private static CaseOutcome Classify(IReadOnlyList<AssertionFailure> failures, LadderResult compared, bool intended) =>
        failures.Count > 0 ? CaseOutcome.AssertionFailed
        : compared.Outcome == CaseOutcome.Changed && intended ? CaseOutcome.IntendedChange
        : compared.Outcome;

    private static Classification Aggregate(CasePlan plan, List<ClassifiedRun> runs, bool intended, string baselineName)
    {
        IReadOnlyList<RepeatRun> repeats = runs.Count > 1
            ? [.. runs.Select((run, index) => new RepeatRun(index + 1, run.Outcome)
            {
                Output = run.Observation.Output,
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
            var agreesAlone = single.Ladder!.IsEquivalent;
            var passesAlone = plan.Case.Expect.Count > 0 ? single.Failures.Count == 0 : agreesAlone || intended;
            return new Classification(single.Outcome, Summarize(single.Outcome, single, runs, agreesAlone ? 1 : 0, baselineName), single, repeats, null,
                agreesAlone ? 1 : 0, passesAlone ? 1 : 0, null);
        }

        var agreeing = runs.Count(run => run.Ladder!.IsEquivalent);
        // A run passes by the case's assertions where it has some, else by agreeing with the baseline (any change passes an intended case).
        var passing = plan.Case.Expect.Count > 0
            ? runs.Count(run => run.Failures.Count == 0)
            : runs.Count(run => run.Ladder!.IsEquivalent || intended);
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
        var reason = DifferenceReason(ladder);
        var text = (outcome == CaseOutcome.Unstable ? representative.Outcome : outcome) switch
        {
            CaseOutcome.Unchanged => $"output matches {baselineName}",
            CaseOutcome.Equivalent => $"output is equivalent to {baselineName} ({ladder.Decision!.Detail})",
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
    private static CaseResult WithClassification(CaseResult result, Classification classification, string baseline, double baselinePassRate)
    {
        var ladder = classification.Representative.Ladder;
        return result with
        {
            Outcome = classification.Outcome,
            Summary = classification.Summary,
            Output = classification.Representative.Observation.Output,
            Identity = classification.Representative.Observation.Identity,
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

    /// <summary>The share of baseline outputs that satisfy the case's assertions (each distinct output checked once).</summary>
    private static double AssertionPassRate(CasePlan plan, IReadOnlyList<string> outputs)
    {
        if (outputs.Count == 0)
        {
            return 0;
        }

        if (plan.Case.Expect.Count == 0)
        {
            return 1;
        }

        var passes = outputs.Distinct(StringComparer.Ordinal).ToDictionary(output => output, output => AssertionEvaluator.Evaluate(output, plan.Case.Expect).Count == 0, StringComparer.Ordinal);
        return (double)outputs.Count(output => passes[output]) / outputs.Count;
    }

    /// <summary>One run, compared.</summary>
    private sealed record ClassifiedRun(Observation Observation, CaseOutcome Outcome, LadderResult? Ladder, IReadOnlyList<AssertionFailure> Failures);

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
