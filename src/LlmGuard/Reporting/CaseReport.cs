using System.Text;
using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>The text explaining one case's result, shared by the CLI and the NUnit adapter so both say the same.</summary>
internal static class CaseReport
{
    /// <summary>A one-line status: <c>changed     suite/case  output differs from the verified snapshot</c>.</summary>
    public static string Line(CaseResult result) => $"{result.Outcome.ToName(),-17} {result.Name}  {OutsideText.Escape(result.Summary)}";

    /// <summary>The full explanation: class, summary, failed assertions, identity changes (unless the caller reports them per suite), the diff and the file paths.</summary>
    public static string Details(CaseResult result, bool includeIdentityChanges = true)
    {
        var builder = new StringBuilder();
        builder.Append("LlmGuard: ").Append(result.Outcome.ToName()).Append(" — ").Append(OutsideText.Escape(result.Summary)).Append('\n');
        foreach (var failure in result.AssertionFailures)
        {
            builder.Append("  ✗ ").Append(OutsideText.Escape(failure.Message)).Append('\n');
        }

        foreach (var change in includeIdentityChanges ? result.IdentityChanges : [])
        {
            builder.Append("  identity ").Append(change.Gating ? "changed" : "changed (reported only)").Append(": ").Append(change).Append('\n');
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
}
