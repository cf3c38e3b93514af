using System.Text;
using LlmGuard.Gating;
using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>
/// The plain, stable end-of-run summary: per suite counts (<c>PASS</c>, <c>FAIL</c>, or <c>PART</c> for a suite that
/// passed so far in an interrupted run), the gate's verdict and reasons, orphans.
/// </summary>
internal static class RunSummaryReport
{
    /// <summary>Formats the verdict as plain text.</summary>
    public static string Format(RunVerdict verdict)
    {
        var builder = new StringBuilder();
        foreach (var suite in verdict.Suites)
        {
            var counts = string.Join(", ", Enum.GetValues<CaseOutcome>()
                .Where(outcome => suite.Counts.GetValueOrDefault(outcome) > 0)
                .Select(outcome => $"{suite.Counts[outcome]} {outcome.ToName()}"));
            builder.Append(!suite.Passed ? "FAIL " : verdict.Interrupted ? "PART " : "PASS ").Append(suite.Suite).Append(": ").Append(counts).Append('\n');
            foreach (var reason in suite.Reasons)
            {
                builder.Append("     - ").Append(reason).Append('\n');
            }

            foreach (var change in suite.IdentityChanges.Where(change => !change.Gating))
            {
                builder.Append("     - model identity changed (reported only): ").Append(change).Append('\n');
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
}
