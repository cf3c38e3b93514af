using System.Globalization;
using System.Text;
using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>The text explaining one case's result, shared by the CLI and the NUnit adapter so both say the same.</summary>
internal static class CaseReport
{
    /// <summary>A one-line status: <c>changed     suite/case  output differs from the verified snapshot</c>.</summary>
    public static string Line(CaseResult result) =>
        $"{result.Outcome.ToName(),-17} {result.Name}  {OutsideText.Escape(result.Summary)}" + (result.Likelihood is { } likelihood ? $"  [{Likelihood(likelihood)}]" : "");

    /// <summary>A likelihood measure, e.g. <c>likelihood -1.2040 → -1.2660 nats/token (shift -0.0620, KL 0.004100)</c>.</summary>
    public static string Likelihood(LikelihoodDrift likelihood) => string.Create(CultureInfo.InvariantCulture,
        $"likelihood {likelihood.BaselineMeanLogProbability:0.0000} → {likelihood.CandidateMeanLogProbability:0.0000} nats/token (shift {likelihood.Shift:+0.0000;-0.0000;0.0000}{(likelihood.MeanKlDivergence is { } kl ? $", KL {kl:0.000000}" : "")})");

    /// <summary>
    /// The lines a command prints under a finished case's line: none for an unchanged case; otherwise the explanation of
    /// <see cref="Details"/> without its first line, without identity changes (the suite summary lists them) and, when the
    /// case's line already states it, without the likelihood.
    /// </summary>
    public static IEnumerable<string> ProgressDetails(CaseResult result, bool lineShowsLikelihood) =>
        result.Outcome == CaseOutcome.Unchanged
            ? []
            : Details(result, includeIdentityChanges: false, includeLikelihood: !lineShowsLikelihood).TrimEnd('\n').Split('\n').Skip(1);

    /// <summary>
    /// The full explanation: class, summary, failed assertions, the ladder's steps, the repeats' stability, identity changes
    /// (unless the caller reports them per suite), the likelihood drift (unless the caller printed it with <see cref="Line"/>),
    /// the diff and the file paths.
    /// </summary>
    public static string Details(CaseResult result, bool includeIdentityChanges = true, bool includeLikelihood = true)
    {
        var builder = new StringBuilder();
        builder.Append("LlmGuard: ").Append(result.Outcome.ToName()).Append(" — ").Append(OutsideText.Escape(result.Summary)).Append('\n');
        foreach (var failure in result.AssertionFailures)
        {
            builder.Append("  ✗ ").Append(OutsideText.Escape(failure.Message)).Append('\n');
        }

        foreach (var call in result.ToolCalls)
        {
            builder.Append("  tool call: ").Append(OutsideText.Escape(call.Name)).Append(' ').Append(Text.Excerpt.Of(call.Arguments))
                .Append(call.ArgumentsValid ? "" : " (arguments are not valid JSON)").Append('\n');
        }

        if (includeLikelihood && result.Likelihood is { } likelihood)
        {
            builder.Append("  ").Append(Likelihood(likelihood)).Append('\n');
        }

        if (result.Ladder.Count > 1)
        {
            builder.Append("  ladder: ").Append(string.Join(" → ", result.Ladder.Select(step => $"{step.StepName} ({Verdict(step.Verdict)}: {OutsideText.Escape(step.Detail)})"))).Append('\n');
        }

        if (result.Stability is { } stability)
        {
            builder.Append(CultureInfo.InvariantCulture, $"  runs: {stability.Runs}, {stability.DistinctOutputs} distinct output{(stability.DistinctOutputs == 1 ? "" : "s")}, TARr@{stability.Runs} = {stability.Tarr:0.##}");
            if (stability.Tara is { } tara)
            {
                builder.Append(CultureInfo.InvariantCulture, $", TARa@{stability.Runs} = {tara:0.##} ({stability.DistinctAnswers} distinct answer{(stability.DistinctAnswers == 1 ? "" : "s")})");
            }

            if (result.Agreement is { } agreement)
            {
                builder.Append(CultureInfo.InvariantCulture, $"; {agreement * 100:0.#}% agree with the baseline");
            }

            builder.Append('\n');
        }

        foreach (var change in includeIdentityChanges ? result.IdentityChanges : [])
        {
            builder.Append("  identity ").Append(change.Gating && !change.Expected ? "changed" : change.Expected ? "changed (expected: the requested model changed)" : "changed (reported only)")
                .Append(": ").Append(change).Append('\n');
        }

        if (includeIdentityChanges && result.SameWeights is { } same)
        {
            builder.Append(same ? "  same weights: both models report the same digest\n" : "  different weights: the digests differ\n");
        }

        if (result.VerifiedPath is not null)
        {
            builder.Append("Verified: ").Append(OutsideText.Escape(result.VerifiedPath)).Append('\n');
        }

        if (result.ReceivedPath is not null)
        {
            builder.Append("Received: ").Append(OutsideText.Escape(result.ReceivedPath)).Append('\n');
        }

        if (result.Diff is not null)
        {
            builder.Append(result.Diff.TrimEnd('\n')).Append('\n');
        }

        return builder.ToString();
    }

    private static string Verdict(LadderVerdict verdict) => verdict switch
    {
        LadderVerdict.Equivalent => "equivalent",
        LadderVerdict.Different => "different",
        _ => "undecided",
    };
}
