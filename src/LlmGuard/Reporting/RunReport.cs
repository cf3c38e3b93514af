namespace LlmGuard.Reporting;

/// <summary>
/// Everything one run (or several merged shards) knows, in one versioned document: the environment, the verdict, each
/// suite's target, gate and tallies, and each case's result. Written as JSON (<c>docs/results.schema.json</c>) and
/// rendered by every report writer; read back by <c>llmguard report</c>.
/// </summary>
internal sealed record RunReport
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "llmguard-results";

    /// <summary>The version of the document this build writes; a reader refuses a newer one.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>: what kind of document this is.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>The document version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Where and how the run ran.</summary>
    public required ReportEnvironment Environment { get; init; }

    /// <summary>The run's verdict.</summary>
    public required ReportVerdict Verdict { get; init; }

    /// <summary>Every suite with at least one case in the report, by id.</summary>
    public required IReadOnlyList<ReportSuite> Suites { get; init; }

    /// <summary>Every case's result, in plan order.</summary>
    public required IReadOnlyList<ReportCase> Cases { get; init; }

    /// <summary>Snapshot files that belong to no case.</summary>
    public IReadOnlyList<string> Orphans { get; init; } = [];
}
