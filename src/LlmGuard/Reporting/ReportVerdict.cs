namespace LlmGuard.Reporting;

/// <summary>The run's verdict with its tallies over every case.</summary>
internal sealed record ReportVerdict
{
    /// <summary>Whether every suite's gate passed and the run was complete.</summary>
    public required bool Passed { get; init; }

    /// <summary>The exit code of <c>llmguard</c> for this verdict.</summary>
    public required int ExitCode { get; init; }

    /// <summary>Whether the run was interrupted before every case ran.</summary>
    public bool Interrupted { get; init; }

    /// <summary>How many cases have results.</summary>
    public required int Total { get; init; }

    /// <summary>How many cases had each outcome (by outcome name; outcomes with none are left out).</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }
}
