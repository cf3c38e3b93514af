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

    /// <summary>The change of the requested model when the run compared another model with the baseline; null otherwise.</summary>
    public ReportIdentityChange? ModelChange { get; init; }

    /// <summary>For a changed requested model: true when every answer came from the same weights (equal digests), false when any differ, null when unknown.</summary>
    public bool? SameWeights { get; init; }

    /// <summary>The cases whose change counts against the gate (collateral drift), as case ids in plan order.</summary>
    public IReadOnlyList<string> ChangedCases { get; init; } = [];

    /// <summary>The cases that changed as intended (not gated), as case ids in plan order.</summary>
    public IReadOnlyList<string> IntendedChanges { get; init; } = [];

    /// <summary>How many cases' outputs differ from the baseline's text at all (what exact comparison alone would flag).</summary>
    public int DifferingOutputs { get; init; }

    /// <summary>How many differing outputs the ladder found equivalent, by the deciding step's name.</summary>
    public IReadOnlyDictionary<string, int> EquivalentByStep { get; init; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

    /// <summary>The share of all runs (cases × repeats) whose output agrees with the baseline; null when none was compared.</summary>
    public double? Agreement { get; init; }

    /// <summary>The paired comparison of baseline and candidate; null when the run did not compute it.</summary>
    public ReportStatistics? Statistics { get; init; }

    /// <summary>The suite's tokens, cost, latency and likelihood; null when no case got an answer.</summary>
    public ReportFigures? Figures { get; init; }
}
