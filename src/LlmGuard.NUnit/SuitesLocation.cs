namespace LlmGuard.NUnit;

/// <summary>Where a test class's suites and snapshots are.</summary>
/// <param name="SuitesPath">The full path of the suites folder or file.</param>
/// <param name="SnapshotsPath">The full path of the snapshots folder.</param>
/// <param name="Note">How the paths were found when it was not the plain way, shown with any error about them.</param>
internal sealed record SuitesLocation(string SuitesPath, string SnapshotsPath, string? Note = null)
{
    /// <summary>The last part of the suites path, e.g. <c>suites</c>.</summary>
    public string FolderName => Path.GetFileName(Path.TrimEndingDirectorySeparator(SuitesPath)) is { Length: > 0 } name ? name : SuitesPath;
}
