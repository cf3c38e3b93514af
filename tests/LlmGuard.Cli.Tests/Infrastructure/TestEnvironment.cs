
namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>The environment the CLI sees in these tests: the real one minus anything that changes its behaviour.</summary>
internal static class TestEnvironment
{
    /// <summary>
    /// Variables that make the CLI believe it runs on CI (mirrors LlmGuard.Planning.CiEnvironment) or that pick a mode or
    /// colours. CI itself runs these tests with CI=true, which would refuse every update and accept.
    /// </summary>
    public static IReadOnlyList<string> RemovedVariables { get; } = [.. LlmGuard.Planning.CiEnvironment.Variables, "LLMGUARD_MODE", "NO_COLOR"];

    /// <summary>Reads the process environment without the removed variables, with the given overrides on top.</summary>
    public static Func<string, string?> Reader(IReadOnlyDictionary<string, string>? overrides = null) => name =>
        overrides is not null && overrides.TryGetValue(name, out var value) ? value
        : RemovedVariables.Contains(name, StringComparer.Ordinal) ? null
        : Environment.GetEnvironmentVariable(name);
}
