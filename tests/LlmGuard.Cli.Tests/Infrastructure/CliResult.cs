namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>What one invocation of the CLI produced.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public string AllOutput => Out + Error;

    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
