using System.Text;
using LlmGuard.IO;
using LlmGuard.Planning;

namespace LlmGuard.Reporting;

/// <summary>Renders a report in each format and writes report files.</summary>
internal static class ReportWriters
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The report in a format, as text.</summary>
    public static string Render(ReportFormat format, RunReport report) => format switch
    {
        ReportFormat.Json => RunReportJson.Write(report),
        ReportFormat.Markdown => MarkdownReport.Render(report),
        ReportFormat.Junit => JunitReport.Render(report),
        ReportFormat.Html => HtmlReport.Render(report),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Writes the report to the request's file, atomically (UTF-8 without a byte order mark).</summary>
    public static void Write(ReportRequest request, RunReport report) =>
        AtomicFile.WriteAllBytes(request.Path, Utf8.GetBytes(Render(request.Format, report)));

    /// <summary>
    /// Checks, before any case runs, that each report can be written where asked (creating its folder), and that no two
    /// reports share a file.
    /// </summary>
    /// <exception cref="IOException">A folder cannot be created, a path is a folder, or two reports name one file.</exception>
    public static void Prepare(IEnumerable<ReportRequest> requests)
    {
        var seen = new Dictionary<string, ReportRequest>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var full = Path.GetFullPath(request.Path);
            if (seen.TryGetValue(full, out var other))
            {
                throw new IOException($"the {ReportRequests.NameOf(other.Format)} and {ReportRequests.NameOf(request.Format)} reports both name '{request.Path}'");
            }

            if (Directory.Exists(full))
            {
                throw new IOException($"'{request.Path}' is a folder; name the {ReportRequests.NameOf(request.Format)} report's file");
            }

            seen[full] = request;
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }
    }
}
