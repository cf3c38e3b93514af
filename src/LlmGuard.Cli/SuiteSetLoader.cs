using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Cli;

/// <summary>Loads suites for a command and prints every diagnostic.</summary>
internal static class SuiteSetLoader
{
    /// <summary>Loads and validates; returns null (after printing the errors) when the set cannot run.</summary>
    /// <exception cref="OperationCanceledException">The command was cancelled (Ctrl+C, SIGTERM).</exception>
    public static SuiteSet? Load(CliContext context, IReadOnlyList<string> paths, TextWriter diagnosticsWriter, CancellationToken cancellationToken)
    {
        var set = new SuiteLoader(context.CreateRegistry().Names) { GetEnvironmentVariable = context.GetEnvironmentVariable }.Load(paths, cancellationToken);
        foreach (var diagnostic in set.Diagnostics)
        {
            diagnosticsWriter.WriteLine(diagnostic.ToString());
        }

        return set.HasErrors ? null : set;
    }
}
