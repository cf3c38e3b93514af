namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>The folder holding LlmGuard.sln, found by walking up from the test output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LlmGuard.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LlmGuard.sln above {AppContext.BaseDirectory}.");
    }
}
