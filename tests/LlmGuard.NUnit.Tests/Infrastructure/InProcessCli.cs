using LlmGuard.Cli;

namespace LlmGuard.NUnit.Tests.Infrastructure;

/// <summary>Runs the <c>llmguard</c> command in this process with the given environment.</summary>
internal static class InProcessCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var output = new StringWriter();
        var context = new CliContext(output, output, IsTerminal: false, name => environment?.GetValueOrDefault(name), CliContext.BuiltInProviders);
        var exitCode = await CliApplication.RunAsync(args, context);
        return (exitCode, output.ToString());
    }
}
