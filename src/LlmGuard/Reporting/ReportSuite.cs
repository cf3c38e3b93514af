namespace LlmGuard.Reporting;

/// <summary>One suite of a run: what it ran against, its gate and the gate's verdict, its tallies.</summary>
internal sealed record ReportSuite
{
    /// <summary>The suite id.</summary>
    public required string Id { get; init; }

    /// <summary>What the suite checks.</summary>
    public string? Description { get; init; }

    /// <summary>The suite file.</summary>
    public string? File { get; init; }

    /// <summary>The model the suite ran against.</summary>
    public required ReportTarget Target { get; init; }

    /// <summary>The suite's gate: its rules and its verdict.</summary>
    public required ReportGate Gate { get; init; }

    /// <summary>How many of the suite's cases have results.</summary>
    public required int Total { get; init; }

    /// <summary>How many cases had each outcome (by outcome name).</summary>
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    /// <summary>Distinct model identity changes seen in the suite.</summary>
    public IReadOnlyList<ReportIdentityChange> IdentityChanges { get; init; } = [];
}
