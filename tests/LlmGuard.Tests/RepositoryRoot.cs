namespace LlmGuard.Tests;

/// <summary>Finds the repository's root folder, so tests read suites, docs and corpora from the source tree.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding LlmGuard.sln, found by walking up from the test's base directory.</summary>
    public static string Path { get; } = Find(AppContext.BaseDirectory);

    private static string Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LlmGuard.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder containing LlmGuard.sln above '{start}'.");
    }
}
