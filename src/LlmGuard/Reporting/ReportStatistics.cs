namespace LlmGuard.Reporting;

/// <summary>
/// The paired comparison of a suite's baseline and candidate (exact McNemar test on the discordant cases, seeded bootstrap
/// interval on the change in pass rate), as the engine computed it over the suite's cases. See docs/drift.md.
/// </summary>
internal sealed record ReportStatistics
{
    /// <summary>The cases compared on both sides.</summary>
    public required int Cases { get; init; }

    /// <summary>Cases that pass on both sides.</summary>
    public required int BothPassed { get; init; }

    /// <summary>Cases that fail on both sides.</summary>
    public required int BothFailed { get; init; }

    /// <summary>Cases that pass on the baseline and fail on the candidate.</summary>
    public required int Regressions { get; init; }

    /// <summary>Cases that fail on the baseline and pass on the candidate.</summary>
    public required int Improvements { get; init; }

    /// <summary>The two-sided exact McNemar p-value.</summary>
    public required double PValue { get; init; }

    /// <summary>The one-sided p-value for "the candidate regresses".</summary>
    public required double RegressionPValue { get; init; }

    /// <summary>The one-sided p-value for "the candidate improves".</summary>
    public required double ImprovementPValue { get; init; }

    /// <summary>The significance level of the verdict.</summary>
    public required double Alpha { get; init; }

    /// <summary>The fewest discordant cases that can reach <see cref="Alpha"/>.</summary>
    public required int MinimumDiscordant { get; init; }

    /// <summary>The mean pass rate on the baseline.</summary>
    public required double BaselinePassRate { get; init; }

    /// <summary>The mean pass rate on the candidate.</summary>
    public required double CandidatePassRate { get; init; }

    /// <summary>The lower end of the 95% bootstrap interval of the change in pass rate.</summary>
    public required double IntervalLow { get; init; }

    /// <summary>The upper end of the 95% bootstrap interval.</summary>
    public required double IntervalHigh { get; init; }

    /// <summary>The bootstrap's resamples.</summary>
    public required int Resamples { get; init; }

    /// <summary>The bootstrap's seed (fixed, so a report is reproducible).</summary>
    public required ulong Seed { get; init; }

    /// <summary>What the test concludes: <c>NoChange</c>, <c>NotSignificant</c>, <c>SignificantRegression</c>, <c>SignificantImprovement</c> or <c>Underpowered</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>Whether the cases (or the cases that moved) are too few to reach <see cref="Alpha"/>.</summary>
    public bool Underpowered { get; init; }

    /// <summary>The comparison in one line, with the underpowered note where it applies.</summary>
    public required string Description { get; init; }

    /// <summary>The cases that moved from pass to fail.</summary>
    public IReadOnlyList<string> RegressedCases { get; init; } = [];

    /// <summary>The cases that moved from fail to pass.</summary>
    public IReadOnlyList<string> ImprovedCases { get; init; } = [];
}
