namespace LlmGuard.Planning;

/// <summary>A report to write when the run finishes: its format and the file (replaced if it exists).</summary>
/// <param name="Format">The format.</param>
/// <param name="Path">The file to write.</param>
public sealed record ReportRequest(ReportFormat Format, string Path);
