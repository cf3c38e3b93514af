namespace LlmGuard.Reporting;

/// <summary>One run of a repeated case (<c>repeat: k</c>).</summary>
internal sealed record ReportRepeat
{
    /// <summary>The run's number, from 1.</summary>
    public required int Index { get; init; }

    /// <summary>How this run's output compares with the baseline (an outcome name).</summary>
    public required string Outcome { get; init; }

    /// <summary>The output; null when the call failed.</summary>
    public string? Output { get; init; }

    /// <summary>The seed the engine sent with this run, when it chose one.</summary>
    public long? Seed { get; init; }

    /// <summary>Why this run produced no output.</summary>
    public ReportFailure? Failure { get; init; }

    /// <summary>The name of the step that decided this run's comparison.</summary>
    public string? DecidingStep { get; init; }

    /// <summary>How long the call took, in milliseconds.</summary>
    public double DurationMs { get; init; }
}
