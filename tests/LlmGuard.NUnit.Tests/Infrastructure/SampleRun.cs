namespace LlmGuard.NUnit.Tests.Infrastructure;

/// <summary>What a run of the sample test project gave: its exit code, console output and each test's outcome and message.</summary>
internal sealed record SampleRun(int ExitCode, string Output, IReadOnlyDictionary<string, (string Outcome, string Message)> Tests);
