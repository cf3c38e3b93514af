using LlmGuard.Gating;
using LlmGuard.Reporting;
using LlmGuard.Results;

namespace LlmGuard.NUnit;

/// <summary>
/// Appends JSON Lines records (the CLI's <c>--results</c> format) to a file, one record per call. Each record is
/// appended whole under a process-wide lock, so test classes running in parallel can share the file.
/// </summary>
internal sealed class ResultsFile(string path)
{
    /// <summary>The environment variable naming the file.</summary>
    public const string EnvironmentVariable = "LLMGUARD_RESULTS";

    private static readonly Lock AppendLock = new();

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public static ResultsFile? FromEnvironment(Func<string, string?> getEnvironmentVariable) =>
        getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path ? new ResultsFile(path) : null;

    public void Append(CaseResult result) => Append(writer => writer.Write(result));

    public void Append(RunVerdict verdict) => Append(writer => writer.Write(verdict));

    private void Append(Action<JsonLinesResultWriter> write)
    {
        var buffer = new StringWriter();
        using (var writer = new JsonLinesResultWriter(buffer))
        {
            write(writer);
        }

        lock (AppendLock)
        {
            File.AppendAllText(Path, buffer.ToString());
        }
    }
}
