using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Cli;

/// <summary>Loads suites for a command and prints every diagnostic.</summary>
internal static class SuiteSetLoader
{
    /// <summary>Loads and validates; returns null (after printing the errors) when the set cannot run.</summary>
    public static SuiteSet? Load(CliContext context, IReadOnlyList<string> paths, TextWriter diagnosticsWriter)
    {
        var set = new SuiteLoader(context.CreateRegistry().Names).Load(paths);
        foreach (var diagnostic in set.Diagnostics)
        {
            diagnosticsWriter.WriteLine(diagnostic.ToString());
        }

        return set.HasErrors ? null : set;
    }
}
