namespace LlmGuard.Bench;

/// <summary>
/// Where the programs under measurement are: the <c>llmguard</c> command and the bare-SDK client, built in the
/// same configuration as the bench (the bench's project references build them).
/// </summary>
internal sealed record BenchPrograms(string Cli, string RawClient)
{
    public static BenchPrograms Locate(string[] arguments)
    {
        var baseDirectory = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory)!);
        var root = new DirectoryInfo(baseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "LlmGuard.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Cannot find the repository (LlmGuard.sln) above " + baseDirectory);
        }

        string Output(string project, string name) => Path.Combine(root.FullName, project, "bin", configuration, framework, name);

        var programs = new BenchPrograms(
            BenchOptions.Text(arguments, "--cli", Output(Path.Combine("src", "LlmGuard.Cli"), "LlmGuard.Cli")),
            BenchOptions.Text(arguments, "--raw-client", Output(Path.Combine("bench", "LlmGuard.Bench.RawClient"), "llmguard-bench-rawclient")));
        foreach (var path in new[] { programs.Cli, programs.RawClient })
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Not built: {path}. Build the bench first (dotnet build -c {configuration} bench/LlmGuard.Bench).");
            }
        }

        return programs;
    }

    /// <summary>
    /// The <c>llmguard</c> builds to measure: the one beside the bench, named <c>llmguard</c>, and with
    /// <c>--alt-cli PATH[,PATH…]</c> other builds (e.g. the one before a change), each named after its folder, run
    /// interleaved with the first.
    /// </summary>
    public static IReadOnlyList<(string Name, string Path)> HarnessVariants(string[] arguments, BenchPrograms programs)
    {
        var variants = new List<(string Name, string Path)> { ("llmguard", programs.Cli) };
        foreach (var alternative in BenchOptions.Text(arguments, "--alt-cli", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!File.Exists(alternative))
            {
                throw new InvalidOperationException($"--alt-cli: no such program: {alternative}");
            }

            variants.Add((Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(alternative))) ?? alternative, alternative));
        }

        return variants;
    }
}
