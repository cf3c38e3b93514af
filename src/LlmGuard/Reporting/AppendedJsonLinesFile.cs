using LlmGuard.Gating;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>
/// Appends <see cref="JsonLinesResultWriter"/> records to a file that several runs of one process share (test classes
/// running in parallel under <c>dotnet test</c>): each record is appended whole, under a process-wide lock, by opening
/// the file for each record, so no run overwrites another's lines.
/// </summary>
internal sealed class AppendedJsonLinesFile : IRunResultSink
{
    private static readonly Lock AppendLock = new();

    private readonly string path;

    /// <summary>Checks that the file can be appended to (creating it and its folder) before any case runs.</summary>
    public AppendedJsonLinesFile(string path)
    {
        this.path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(this.path)!);
        Append("");
    }

    public void Write(CaseResult result) => Append(JsonLinesResultWriter.Format(result));

    public void Complete(RunVerdict verdict) => Append(JsonLinesResultWriter.Format(verdict));

    public void Dispose()
    {
    }

    private void Append(string text)
    {
        lock (AppendLock)
        {
            File.AppendAllText(path, text);
        }
    }
}
