using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>
/// The report files of a run: collects its results and, when it completes, builds its <see cref="RunReport"/> and
/// writes every requested format. A file named by the environment is shared by the runs of one process (the test
/// classes of <c>dotnet test</c>): it holds all of their results, written again as each run completes.
/// </summary>
internal sealed class ReportFilesSink(RunReportBuilder builder, IReadOnlyList<ReportRequest> own, IReadOnlyList<ReportRequest> shared) : IRunResultSink
{
    private static readonly Lock SharedLock = new();
    private static readonly Dictionary<string, List<RunReport>> SharedReports = new(StringComparer.Ordinal);

    /// <summary>The report built when the run completed; null before.</summary>
    public RunReport? Report { get; private set; }

    public void Write(CaseResult result) => builder.Add(result);

    public void Complete(RunVerdict verdict)
    {
        Report = builder.Build(verdict);
        foreach (var request in own)
        {
            ReportWriters.Write(request, Report);
        }

        foreach (var request in shared)
        {
            RunReport combined;
            lock (SharedLock)
            {
                var key = $"{request.Format}:{Path.GetFullPath(request.Path)}";
                if (!SharedReports.TryGetValue(key, out var reports))
                {
                    SharedReports[key] = reports = [];
                }

                reports.Add(Report);
                combined = RunReportMerger.Combine(reports);
                ReportWriters.Write(request, combined);
            }
        }
    }

    public void Dispose()
    {
    }
}
