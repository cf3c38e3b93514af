using System.Diagnostics;
using System.Text;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Cli;

/// <summary>
/// Plain text for logs and pipes: one line per case in suite order, details for cases that need attention, the verdict.
/// Lines are written in batches (at most <see cref="FlushInterval"/> after a previous write, or when the batch is large):
/// a write per line cost a system call per case, a large share of a fast run's time.
/// </summary>
internal sealed class PlainRunDisplay : RunDisplay
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);
    private const int MaxPendingCharacters = 32 * 1024;

    private readonly CliContext context;
    private readonly StringBuilder pending = new();
    private long lastFlush = Stopwatch.GetTimestamp();

    public PlainRunDisplay(CliContext context, int caseCount, RunMode mode)
    {
        this.context = context;
        context.Out.WriteLine($"llmguard run: {caseCount} case(s), mode {ModeName(mode)}");
    }

    public override void Report(CaseResult result)
    {
        pending.Append(OutsideText.Escape(CaseReport.Line(result))).Append('\n');
        foreach (var line in CaseReport.ProgressDetails(result, lineShowsLikelihood: true))
        {
            pending.Append("    ").Append(OutsideText.Escape(line)).Append('\n');
        }

        if (pending.Length >= MaxPendingCharacters || Stopwatch.GetElapsedTime(lastFlush) >= FlushInterval)
        {
            Flush();
        }
    }

    public override void Complete(RunVerdict verdict)
    {
        Flush();
        context.Out.WriteLine();
        context.Out.Write(RunSummaryReport.Format(verdict));
    }

    public override void Abort() => Flush();

    public override void Dispose() => Flush();

    private void Flush()
    {
        if (pending.Length > 0)
        {
            context.Out.Write(pending.ToString().Replace("\n", context.Out.NewLine, StringComparison.Ordinal));
            pending.Clear();
        }

        lastFlush = Stopwatch.GetTimestamp();
    }
}
