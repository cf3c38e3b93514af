namespace LlmGuard.NUnit.Tests.Infrastructure;

/// <summary>What a run of the sample test project gave: its exit code, console output and each test's outcome and message.</summary>
internal sealed record SampleRun(int ExitCode, string Output, IReadOnlyDictionary<string, (string Outcome, string Message)> Tests)
{
    /// <summary>The files attached to each test (file names), by test name, as the TRX file lists them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attachments { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
