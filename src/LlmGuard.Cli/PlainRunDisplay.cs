using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Reporting;
using LlmGuard.Results;

namespace LlmGuard.Cli;

/// <summary>Plain text for logs and pipes: one line per case in suite order, details for cases that need attention, the verdict.</summary>
internal sealed class PlainRunDisplay : RunDisplay
{
    private readonly CliContext context;

    public PlainRunDisplay(CliContext context, int caseCount, RunMode mode)
    {
        this.context = context;
        context.Out.WriteLine($"llmguard run: {caseCount} case(s), mode {ModeName(mode)}");
    }

    public override void Report(CaseResult result)
    {
        context.Out.WriteLine(ConsoleText.Safe(CaseReport.Line(result)));
        if (!result.Outcome.IsPassing() || result.Outcome == CaseOutcome.Equivalent)
        {
            foreach (var line in CaseReport.Details(result, includeIdentityChanges: false).TrimEnd('\n').Split('\n').Skip(1))
            {
                context.Out.WriteLine("    " + ConsoleText.Safe(line));
            }
        }
    }

    public override void Complete(RunVerdict verdict)
    {
        context.Out.WriteLine();
        context.Out.Write(RunSummaryReport.Format(verdict));
    }
}
