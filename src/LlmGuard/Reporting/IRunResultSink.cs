using LlmGuard.Gating;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>
/// Receives a run's results: each case as it completes (in plan order for a whole run, in completion order when a test
/// framework runs cases one by one), then the verdict. A <see cref="Execution.RunSession"/> calls its sinks one at a time.
/// </summary>
public interface IRunResultSink : IDisposable
{
    /// <summary>Takes one case's result.</summary>
    void Write(CaseResult result);

    /// <summary>Takes the run's verdict, after every result.</summary>
    void Complete(RunVerdict verdict);
}
