
namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the CLI inside the test process. Paths must be absolute: the current directory is process-wide and is never changed.
/// </summary>
internal static class InProcessCli
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, IsTerminal: false, TestEnvironment.Reader(environment), CliContext.BuiltInProviders);
        var exitCode = await CliApplication.RunAsync(args, context);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);
}
