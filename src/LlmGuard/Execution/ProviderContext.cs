namespace LlmGuard.Execution;

/// <summary>What a provider may use besides the target: the suite's folder (for relative paths) and the environment.</summary>
/// <param name="SuiteDirectory">The folder of the suite file.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable; secrets come only from here.</param>
public sealed record ProviderContext(string SuiteDirectory, Func<string, string?> GetEnvironmentVariable)
{
    /// <summary>A context reading the process environment.</summary>
    public static ProviderContext ForSuite(string suiteFilePath) =>
        new(Path.GetDirectoryName(Path.GetFullPath(suiteFilePath))!, Environment.GetEnvironmentVariable);
}
