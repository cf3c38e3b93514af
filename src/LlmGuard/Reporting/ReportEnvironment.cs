namespace LlmGuard.Reporting;

/// <summary>Facts about where and how a run ran. Holds no secret: endpoints are stripped of credentials.</summary>
internal sealed record ReportEnvironment
{
    /// <summary>The version of LlmGuard that ran.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>The .NET runtime, e.g. <c>.NET 10.0.1</c>.</summary>
    public string? Runtime { get; init; }

    /// <summary>The operating system.</summary>
    public string? Os { get; init; }

    /// <summary>Whether the run was on a CI machine.</summary>
    public bool Ci { get; init; }

    /// <summary>The run mode: <c>verify</c>, <c>update</c> or <c>replay</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>The candidate model every suite ran against instead of its own, if any.</summary>
    public string? CandidateModel { get; init; }

    /// <summary>The part of the cases this run ran (<c>2/3</c>), when sharded.</summary>
    public string? Shard { get; init; }

    /// <summary>
    /// The fingerprint of the whole run's plan before it was split (<see cref="Planning.RunPlanFingerprint"/>): the same in
    /// every part of one sharded run, so only the parts of one run are merged.
    /// </summary>
    public string? PlanFingerprint { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The results files this report was merged from (file names), when it was.</summary>
    public IReadOnlyList<string> MergedFrom { get; init; } = [];
}
