using System.Globalization;
using System.Text;
using LlmGuard.Gating;
using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>
/// The plain, stable end-of-run summary: per suite counts (<c>PASS</c>, <c>FAIL</c>, or <c>PART</c> for a suite that
/// passed so far in an interrupted run), the gate's verdict and reasons, the candidate model and whether its weights are the
/// baseline's, identity changes, what the equivalence ladder made of the differing outputs, intended changes, the paired
/// statistics, every gate rule with its figure (when anything moved), and orphans.
/// </summary>
internal static class RunSummaryReport
{
    /// <summary>
    /// A suite's figures on one line: output tokens and cost against the baseline, likelihood drift, and the p95 latency
    /// when asked (the summary leaves it out, so identical runs print identical text; a latency rule that fails names it).
    /// </summary>
    public static string Figures(SuiteFigures figures, bool showLatency = true)
    {
        var parts = new List<string>();
        if (figures.ComparedCases > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"output tokens {figures.BaselineOutputTokens:N0} → {figures.OutputTokens:N0}{(figures.OutputTokensIncrease is { } increase ? $" ({GatePolicy.SignedPercent(increase)})" : "")}{(figures.TokensEstimated ? " (estimated)" : "")}"));
            if (figures.Cost is { } cost && figures.BaselineCost is { } baselineCost)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture,
                    $"cost ${baselineCost:0.######} → ${cost:0.######}{(figures.CostIncrease is { } costIncrease ? $" ({GatePolicy.SignedPercent(costIncrease)})" : "")}"));
            }
        }

        if (showLatency && figures.LatencyP95 is { } p95)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"p95 latency {p95.TotalSeconds:0.###} s"));
        }

        if (figures.LikelihoodCases > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"likelihood measured on {figures.LikelihoodCases} case(s), largest shift {figures.LargestLikelihoodShift:+0.0000;-0.0000;0.0000} nats/token{(figures.MeanKlDivergence is { } kl ? $", mean KL {kl:0.000000}" : "")}"));
        }

        return string.Join("; ", parts);
    }

    /// <summary>Formats the verdict as plain text.</summary>
    public static string Format(RunVerdict verdict)
    {
        var builder = new StringBuilder();
        foreach (var suite in verdict.Suites)
        {
            var counts = string.Join(", ", Enum.GetValues<CaseOutcome>()
                .Where(outcome => suite.Counts.GetValueOrDefault(outcome) > 0)
                .Select(outcome => $"{suite.Counts[outcome]} {outcome.ToName()}"));
            // Reasons quote server-reported identities and, for 'llmguard report', come from a file: escaped again here (a no-op on
            // text the engine already escaped), so no reason can drive the terminal or forge a line.
            builder.Append(!suite.Passed ? "FAIL " : verdict.Interrupted ? "PART " : "PASS ").Append(OutsideText.Escape(suite.Suite)).Append(": ").Append(counts).Append('\n');
            foreach (var reason in suite.Reasons)
            {
                Line(builder, reason);
            }

            if (suite.ModelChange is { } model)
            {
                Line(builder, $"candidate model: {model.Recorded} → {model.Current}" + suite.SameWeights switch
                {
                    true => "; same weights (every answer came from the digest the baseline recorded)",
                    false => "; different weights (the digest changed)",
                    _ => "",
                });
            }

            foreach (var change in suite.IdentityChanges.Where(change => !change.Gating || change.Expected))
            {
                if (change.Field == "model")
                {
                    continue;
                }

                Line(builder, (change.Expected ? "model identity changed (expected: the requested model changed): " : "model identity changed (reported only): ") + change);
            }

            if (suite.DifferingOutputs > 0 && suite.EquivalentByStep.Count > 0)
            {
                var steps = string.Join(", ", suite.EquivalentByStep.Select(pair => $"{pair.Value} by {pair.Key}"));
                Line(builder, $"{suite.DifferingOutputs} of {suite.Total} outputs differ from the baseline's text (exact comparison alone would flag them); the ladder accepted {suite.EquivalentByStep.Values.Sum()} ({steps})");
            }

            if (suite.IntendedChanges.Count > 0)
            {
                Line(builder, $"intended changes (not gated): {string.Join(", ", suite.IntendedChanges)}");
            }

            if (suite.ChangedCases.Count > 0 && (suite.ModelChange is not null || suite.IntendedChanges.Count > 0 || suite.DifferingOutputs > suite.ChangedCases.Count))
            {
                Line(builder, $"changed (collateral): {string.Join(", ", suite.ChangedCases)}");
            }

            if (suite.Agreement is { } agreement && agreement < 1)
            {
                Line(builder, string.Create(CultureInfo.InvariantCulture, $"agreement with the baseline: {agreement * 100:0.#}% of runs"));
            }

            var eventful = !suite.Passed || suite.ModelChange is not null || suite.Total != suite.Counts.GetValueOrDefault(CaseOutcome.Unchanged);
            if (suite.Statistics is { } statistics && (suite.ModelChange is not null || suite.Rules.Any(rule => rule.Rule == "significance")))
            {
                Line(builder, "paired test: " + statistics.Describe());
            }

            if (eventful)
            {
                foreach (var rule in suite.Rules)
                {
                    builder.Append("       rule ").Append(rule.Held ? "held  " : "FAILED").Append(' ').Append(OutsideText.Escape(rule.Rule)).Append(": ")
                        .Append(OutsideText.Escape(rule.Figure)).Append("; ").Append(OutsideText.Escape(rule.Limit));
                    if (rule.Note is not null)
                    {
                        builder.Append(" (").Append(OutsideText.Escape(rule.Note)).Append(')');
                    }

                    builder.Append('\n');
                }
            }

            if (suite.Figures is { } figures && Figures(figures, showLatency: false) is { Length: > 0 } line)
            {
                builder.Append("     ").Append(line).Append('\n');
            }
        }

        if (verdict.Orphans.Count > 0)
        {
            builder.Append(verdict.Orphans.Count).Append(" orphaned snapshot file(s) belong to no case (remove them with 'llmguard prune'):\n");
            foreach (var orphan in verdict.Orphans)
            {
                builder.Append("     ").Append(OutsideText.Escape(orphan)).Append('\n');
            }
        }

        if (verdict.Interrupted)
        {
            builder.Append("Interrupted: not every case ran; the results above are partial.\n");
        }

        builder.Append(verdict.Interrupted ? "Interrupted." : verdict.Passed ? "Gate passed." : "Gate failed.").Append(" Exit code ").Append(verdict.ExitCode).Append('.').Append('\n');
        return builder.ToString();
    }

    private static void Line(StringBuilder builder, string text) => builder.Append("     - ").Append(OutsideText.Escape(text)).Append('\n');
}
