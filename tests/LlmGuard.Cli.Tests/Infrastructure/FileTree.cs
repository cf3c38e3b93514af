namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>Reads and compares whole folder trees, to prove a command wrote or changed nothing.</summary>
internal static class FileTree
{
    public static SortedDictionary<string, byte[]> Read(string root)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(root, path).Replace('\\', '/')] = File.ReadAllBytes(path);
        }

        return files;
    }

    /// <summary>The folders under the root, relative, so an empty folder created by a command is noticed too.</summary>
    public static IReadOnlyList<string> Folders(string root) =>
        [.. Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    /// <summary>Describes the differences between two trees; empty when they are identical.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, byte[]> before, IReadOnlyDictionary<string, byte[]> after)
    {
        var differences = new List<string>();
        differences.AddRange(after.Keys.Except(before.Keys).Select(path => "created " + path));
        differences.AddRange(before.Keys.Except(after.Keys).Select(path => "deleted " + path));
        differences.AddRange(before.Keys.Intersect(after.Keys).Where(path => !before[path].AsSpan().SequenceEqual(after[path])).Select(path => "changed " + path));
        return differences;
    }
}
