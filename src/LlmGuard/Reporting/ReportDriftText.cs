using System.Globalization;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>
/// The drift results of a case or suite (ladder, stability, likelihood, tool calls, cost, statistics, budget figures) as
/// plain lines, the same in every format. The lines hold outside text (step details, judge reasons, tool arguments, case
/// ids): each writer escapes them as it escapes outputs.
/// </summary>
internal static class ReportDriftText
{
    /// <summary>The name of the intended-change outcome.</summary>
    public static readonly string IntendedChange = CaseOutcome.IntendedChange.ToName();

    /// <summary>The name of the judged-equivalent outcome.</summary>
    public static readonly string JudgedEquivalent = CaseOutcome.JudgedEquivalent.ToName();

    /// <summary>The name of the unstable outcome.</summary>
    public static readonly string Unstable = CaseOutcome.Unstable.ToName();

    /// <summary>What an identity change does to the gate: <c>fails the gate</c>, <c>expected (the requested model changed)</c> or <c>reported only</c>.</summary>
    public static string IdentityEffect(ReportIdentityChange change) =>
        change.Expected ? "expected (the requested model changed)" : change.Gating ? "fails the gate" : "reported only";

    /// <summary><c>changed</c>, <c>changed (expected: the requested model changed)</c> or <c>changed (reported only)</c>.</summary>
    public static string IdentityChanged(ReportIdentityChange change) =>
        change.Expected ? "changed (expected: the requested model changed)" : change.Gating ? "changed" : "changed (reported only)";

    /// <summary>Why a case that differs from its baseline still passes, or null when it does not or nothing needs saying.</summary>
    public static string? PassReason(ReportCase reportCase) =>
        reportCase.Outcome == IntendedChange ? "an intended change (expect_change or the gate's intended_tags): reported with its diff, not gated"
        : reportCase.Outcome == JudgedEquivalent ? "judged equivalent" + (reportCase.DecidingStep is { } step ? $" by {step.Step}: {step.Detail}" : "")
        : reportCase.Outcome == Unstable ? "unstable: the output moved within the variants accepted for the case (or its repeats disagree while most agree with the baseline), not a change"
        : null;

    /// <summary>The case's drift results, one line each (empty when it has none).</summary>
    /// <param name="reportCase">The case.</param>
    /// <param name="withLadderAndToolCalls">False for a format that shows the ladder, the judge's votes and the tool calls in a shape of its own.</param>
    public static IReadOnlyList<string> CaseLines(ReportCase reportCase, bool withLadderAndToolCalls = true)
    {
        var lines = new List<string>();
        if (reportCase.Intended && reportCase.Outcome != IntendedChange)
        {
            lines.Add("meant to change (expect_change or intended_tags)");
        }

        if (withLadderAndToolCalls)
        {
            AddLadder(lines, reportCase);
        }

        AddMeasures(lines, reportCase);
        if (withLadderAndToolCalls)
        {
            lines.AddRange(reportCase.ToolCalls.Select(call => "tool call: " + call));
        }

        if (CostLine(reportCase) is { } cost)
        {
            lines.Add(cost);
        }

        if (reportCase.SameWeights is { } same)
        {
            lines.Add(same ? "same weights as the baseline (equal digests)" : "different weights from the baseline (the digest changed)");
        }

        return lines;
    }

    private static void AddLadder(List<string> lines, ReportCase reportCase)
    {
        if (reportCase.DecidingStep is { } deciding)
        {
            lines.Add("deciding step: " + deciding.Describe());
        }

        if (reportCase.Ladder.Count > 1 || (reportCase.Ladder.Count == 1 && reportCase.DecidingStep is null))
        {
            lines.Add("ladder: " + string.Join(" → ", reportCase.Ladder.Select(step => $"{step.Step} ({step.Verdict}{(step.Score is { } score ? ", " + ReportNumbers.Decimal(score) : "")})")));
        }

        foreach (var (vote, index) in (reportCase.DecidingStep?.Votes ?? []).Select((vote, index) => (vote, index + 1)))
        {
            lines.Add($"judge vote {index}: {(vote.Equivalent ? "equivalent" : "different")}{(vote.Cached ? " (cached)" : "")} — {vote.Reason}");
        }
    }

    private static void AddMeasures(List<string> lines, ReportCase reportCase)
    {

        if (reportCase.Stability is { } stability)
        {
            lines.Add($"stability over {stability.Runs} runs: {stability.DistinctOutputs} distinct output{(stability.DistinctOutputs == 1 ? "" : "s")}, TARr@{stability.Runs} {ReportNumbers.Decimal(stability.Tarr)}"
                + (stability.Tara is { } tara ? $", TARa@{stability.Runs} {ReportNumbers.Decimal(tara)}" + (stability.DistinctAnswers is { } answers ? $" ({answers} distinct answer{(answers == 1 ? "" : "s")})" : "") : ""));
        }

        if (reportCase.Agreement is { } agreement && (reportCase.Repeats.Count > 0 || agreement < 1))
        {
            lines.Add($"agreement with the baseline: {ReportNumbers.Percent(agreement)} of runs");
        }

        if (reportCase.PassRates is { } rates && (reportCase.Repeats.Count > 0 || rates.Baseline != rates.Candidate))
        {
            lines.Add($"pass rate: baseline {ReportNumbers.Percent(rates.Baseline)} → candidate {ReportNumbers.Percent(rates.Candidate)}");
        }

        if (reportCase.Likelihood is { } likelihood)
        {
            lines.Add($"likelihood of the baseline answer ({likelihood.Method}, {likelihood.Tokens} tokens): baseline {ReportNumbers.Decimal(likelihood.BaselineMeanLogProbability)} → candidate {ReportNumbers.Decimal(likelihood.CandidateMeanLogProbability)} nats/token (shift {ReportNumbers.Signed(likelihood.Shift)}"
                + (likelihood.MeanKlDivergence is { } kl ? $", mean KL {ReportNumbers.Decimal(kl)}" : "") + ")");
        }

    }

    /// <summary>The case's tokens and cost beside the baseline's, or null without a cost or baseline.</summary>
    public static string? CostLine(ReportCase reportCase)
    {
        if (reportCase.BaselineFigures is { } baseline)
        {
            return $"output tokens: baseline {baseline.OutputTokens} → this run {reportCase.Tokens?.Output?.ToString(CultureInfo.InvariantCulture) ?? "?"}{(baseline.Estimated || reportCase.Tokens?.Estimated == true ? " (estimated)" : "")}"
                + (reportCase.EstimatedCost is { } cost ? $"; estimated cost {(baseline.EstimatedCost is { } before ? ReportNumbers.Dollars(before) + " → " : "")}{ReportNumbers.Dollars(cost)}" : "");
        }

        return reportCase.EstimatedCost is { } alone ? "estimated cost " + ReportNumbers.Dollars(alone) : null;
    }

    /// <summary>The rules of a suite's gate that failed, one line each with figure and limit.</summary>
    public static IReadOnlyList<string> FailedRules(ReportSuite suite) =>
        [.. suite.Gate.RuleResults.Where(rule => !rule.Held).Select(rule => rule.Describe())];

    /// <summary>The suite's drift results, one line each: model change, the ladder's acceptances, intended and collateral changes, agreement, statistics, figures.</summary>
    public static IReadOnlyList<string> SuiteLines(ReportSuite suite)
    {
        var lines = new List<string>();
        if (suite.ModelChange is { } model)
        {
            lines.Add($"candidate model: {model.Recorded ?? "(none)"} → {model.Current ?? "(none)"}" + suite.SameWeights switch
            {
                true => "; same weights (every answer came from the digest the baseline recorded)",
                false => "; different weights (the digest changed)",
                _ => "",
            });
        }

        if (suite.DifferingOutputs > 0)
        {
            lines.Add($"{suite.DifferingOutputs} of {suite.Total} outputs differ from the baseline's text" + (suite.EquivalentByStep.Count > 0
                ? $"; the ladder accepted {suite.EquivalentByStep.Values.Sum()} ({string.Join(", ", suite.EquivalentByStep.Select(pair => $"{pair.Value} by {pair.Key}"))})"
                : ""));
        }

        if (suite.IntendedChanges.Count > 0)
        {
            lines.Add("intended changes (not gated): " + string.Join(", ", suite.IntendedChanges));
        }

        if (suite.ChangedCases.Count > 0)
        {
            lines.Add("changed (collateral): " + string.Join(", ", suite.ChangedCases));
        }

        if (suite.Agreement is { } agreement)
        {
            lines.Add($"agreement with the baseline: {ReportNumbers.Percent(agreement)} of runs");
        }

        if (suite.Statistics is { } statistics)
        {
            lines.Add("paired test: " + statistics.Description);
        }

        if (suite.Figures is { } figures && FiguresLine(figures) is { Length: > 0 } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>The suite's figures in one line: tokens, cost, p95 latency, likelihood.</summary>
    public static string FiguresLine(ReportFigures figures)
    {
        var parts = new List<string>();
        if (figures.ComparedCases > 0)
        {
            parts.Add($"output tokens {ReportNumbers.Integer(figures.BaselineOutputTokens)} → {ReportNumbers.Integer(figures.OutputTokens)}"
                + (figures.OutputTokensIncrease is { } increase ? $" ({Signed(increase)})" : "") + (figures.TokensEstimated ? " (estimated)" : ""));
            if (figures.Cost is { } cost && figures.BaselineCost is { } baselineCost)
            {
                parts.Add($"cost {ReportNumbers.Dollars(baselineCost)} → {ReportNumbers.Dollars(cost)}" + (figures.CostIncrease is { } costIncrease ? $" ({Signed(costIncrease)})" : ""));
            }
            else if (figures.ModelsWithoutPrice.Count > 0)
            {
                parts.Add("no price known for " + string.Join(", ", figures.ModelsWithoutPrice));
            }
        }

        if (figures.LatencyP95Ms is { } p95)
        {
            parts.Add($"p95 latency {ReportText.Seconds(p95)} s over {figures.AnsweredCases} cases");
        }

        if (figures.LikelihoodCases > 0)
        {
            parts.Add($"likelihood measured on {figures.LikelihoodCases} case{(figures.LikelihoodCases == 1 ? "" : "s")}"
                + (figures.LargestLikelihoodShift is { } shift ? $", largest shift {ReportNumbers.Signed(shift)} nats/token" : "")
                + (figures.MeanKlDivergence is { } kl ? $", mean KL {ReportNumbers.Decimal(kl)}" : ""));
        }

        return string.Join("; ", parts);
    }

    private static string Signed(double share) => (share >= 0 ? "+" : "") + ReportNumbers.Percent(share);
}
