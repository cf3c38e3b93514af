namespace LlmGuard.NUnit;

/// <summary>Resolves the paths of <see cref="LlmGuardSuitesAttribute"/> (see there for the rules).</summary>
internal static class SuitesPathResolver
{
    private const string DefaultSnapshotsFolder = "snapshots";

    public static SuitesLocation Resolve(LlmGuardSuitesAttribute attribute, string assemblyDirectory) =>
        Resolve(attribute.Suites, attribute.Snapshots, attribute.SourceFilePath, assemblyDirectory);

    public static SuitesLocation Resolve(string suites, string? snapshots, string sourceFilePath, string assemblyDirectory)
    {
        var suitesPath = Environment.ExpandEnvironmentVariables(suites);
        var snapshotsPath = snapshots is null ? null : Environment.ExpandEnvironmentVariables(snapshots);
        var sourceDirectory = string.IsNullOrEmpty(sourceFilePath) ? null : Path.GetDirectoryName(sourceFilePath);
        if (Path.IsPathRooted(suitesPath) || (sourceDirectory is not null && Directory.Exists(sourceDirectory)))
        {
            var baseDirectory = sourceDirectory is not null && Directory.Exists(sourceDirectory) ? sourceDirectory : assemblyDirectory;
            var resolvedSuites = Path.GetFullPath(suitesPath, baseDirectory);
            return new SuitesLocation(resolvedSuites, snapshotsPath is null ? DefaultSnapshots(resolvedSuites) : Path.GetFullPath(snapshotsPath, baseDirectory));
        }

        // The compiler's path of the source file is not on this machine (e.g. PathMap or deterministic CI paths):
        // find the suites from where the test assembly runs instead.
        var trimmedSuites = WithoutLeadingRelativeParts(suitesPath);
        var found = SearchUpward(assemblyDirectory, trimmedSuites);
        var note = $"The folder of the declaring source file ('{sourceDirectory}') does not exist here, so '{trimmedSuites}' was searched for in '{assemblyDirectory}' and its parent folders"
            + (found is null ? ", without success." : $" and found in '{found.Value.Anchor}'.");
        var anchor = found?.Anchor ?? assemblyDirectory;
        var foundSuites = found?.Path ?? Path.GetFullPath(trimmedSuites, assemblyDirectory);
        if (snapshotsPath is null)
        {
            return new SuitesLocation(foundSuites, DefaultSnapshots(foundSuites), note);
        }

        if (Path.IsPathRooted(snapshotsPath))
        {
            return new SuitesLocation(foundSuites, Path.GetFullPath(snapshotsPath), note);
        }

        var trimmedSnapshots = WithoutLeadingRelativeParts(snapshotsPath);
        var foundSnapshots = SearchUpward(assemblyDirectory, trimmedSnapshots)?.Path ?? Path.GetFullPath(trimmedSnapshots, anchor);
        return new SuitesLocation(foundSuites, foundSnapshots, note);
    }

    /// <summary>A <c>snapshots</c> folder beside the suites folder (or in the folder of a single suite file).</summary>
    public static string DefaultSnapshots(string suitesPath)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(suitesPath);
        return Path.Combine(Path.GetDirectoryName(trimmed) ?? trimmed, DefaultSnapshotsFolder);
    }

    /// <summary><c>../../suites</c> becomes <c>suites</c>.</summary>
    public static string WithoutLeadingRelativeParts(string path)
    {
        var parts = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var kept = parts.SkipWhile(part => part is "." or "..").ToArray();
        return kept.Length == 0 ? "." : Path.Combine(kept);
    }

    private static (string Path, string Anchor)? SearchUpward(string start, string relative)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return (Path.GetFullPath(candidate), directory.FullName);
            }
        }

        return null;
    }
}
