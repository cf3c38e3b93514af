using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;

namespace LlmGuard.Cli;

/// <summary>Shows a run as it happens: a live progress display on a terminal, plain stable lines otherwise.</summary>
internal abstract class RunDisplay : IDisposable
{
    public static RunDisplay Create(CliContext context, int caseCount, RunMode mode) =>
        context.IsTerminal ? new TerminalRunDisplay(context, caseCount, mode) : new PlainRunDisplay(context, caseCount, mode);

    /// <summary>Shows one case's result as it arrives.</summary>
    public abstract void Report(CaseResult result);

    /// <summary>Shows the verdict at the end of the run.</summary>
    public abstract void Complete(RunVerdict verdict);

    /// <summary>Stops the display without a verdict (the run could not start).</summary>
    public virtual void Abort()
    {
    }

    public virtual void Dispose()
    {
    }

    protected static string ModeName(RunMode mode) => mode.ToString().ToLowerInvariant();
}
