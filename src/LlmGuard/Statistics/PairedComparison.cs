using System.Globalization;

namespace LlmGuard.Statistics;

/// <summary>
/// The paired comparison of a suite's baseline and candidate: each case passes or fails on both sides (at least half of its
/// runs pass); the discordant cases, regressions (pass → fail) and improvements (fail → pass), go through an exact sign test
/// (McNemar's exact test), and a seeded bootstrap over the cases gives a 95% interval on the change in mean pass rate.
/// See docs/drift.md for the formulas and a worked example.
/// </summary>
public sealed record PairedComparison
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

    /// <summary>The two-sided exact McNemar p-value: 2 × P(X ≤ min(regressions, improvements)), X ~ Binomial(discordant, ½), at most 1.</summary>
    public required double PValue { get; init; }

    /// <summary>The one-sided p-value for "the candidate regresses": P(X ≥ regressions), X ~ Binomial(discordant, ½).</summary>
    public required double RegressionPValue { get; init; }

    /// <summary>The one-sided p-value for "the candidate improves": P(X ≥ improvements).</summary>
    public required double ImprovementPValue { get; init; }

    /// <summary>The significance level the verdict uses (the suite's <c>gate.significance</c>, else 0.05).</summary>
    public required double Alpha { get; init; }

    /// <summary>The fewest discordant cases that can reach <see cref="Alpha"/> (when all of them move the same way): the smallest d with ½^d &lt; α.</summary>
    public required int MinimumDiscordant { get; init; }

    /// <summary>The mean pass rate over the cases on the baseline.</summary>
    public required double BaselinePassRate { get; init; }

    /// <summary>The mean pass rate over the cases on the candidate.</summary>
    public required double CandidatePassRate { get; init; }

    /// <summary>The lower end of the 95% bootstrap interval of the change in mean pass rate (candidate − baseline).</summary>
    public required double IntervalLow { get; init; }

    /// <summary>The upper end of the 95% bootstrap interval of the change in mean pass rate.</summary>
    public required double IntervalHigh { get; init; }

    /// <summary>How many bootstrap resamples of the cases were drawn.</summary>
    public required int Resamples { get; init; }

    /// <summary>The seed of the bootstrap's generator (fixed, so a report is reproducible).</summary>
    public required ulong Seed { get; init; }

    /// <summary>What the test concludes at <see cref="Alpha"/>.</summary>
    public required StatisticalVerdict Verdict { get; init; }

    /// <summary>The cases that moved from pass to fail, as <c>suite/case</c>.</summary>
    public IReadOnlyList<string> RegressedCases { get; init; } = [];

    /// <summary>The cases that moved from fail to pass.</summary>
    public IReadOnlyList<string> ImprovedCases { get; init; } = [];

    /// <summary>The change in mean pass rate (candidate − baseline).</summary>
    public double Delta => CandidatePassRate - BaselinePassRate;

    /// <summary>One line, e.g. "3 regressions, 0 improvements of 10 cases: p = 0.25 (two-sided), pass rate 100% → 70% (Δ −30 points, 95% CI −60 to 0); underpowered: …".</summary>
    public string Describe()
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Regressions} regression{(Regressions == 1 ? "" : "s")}, {Improvements} improvement{(Improvements == 1 ? "" : "s")} of {Cases} case{(Cases == 1 ? "" : "s")}: exact McNemar p = {Format(PValue)} (one-sided for regression {Format(RegressionPValue)}); pass rate {Percent(BaselinePassRate)} → {Percent(CandidatePassRate)} (Δ {Points(Delta)} points, 95% bootstrap CI {Points(IntervalLow)} to {Points(IntervalHigh)})");
        return text + Verdict switch
        {
            StatisticalVerdict.NoChange => "; no case moved",
            StatisticalVerdict.NotSignificant => string.Create(CultureInfo.InvariantCulture, $"; not significant at α = {Alpha}"),
            StatisticalVerdict.SignificantRegression => string.Create(CultureInfo.InvariantCulture, $"; significant regression at α = {Alpha}"),
            StatisticalVerdict.SignificantImprovement => string.Create(CultureInfo.InvariantCulture, $"; significant improvement at α = {Alpha}"),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"; underpowered: at least {MinimumDiscordant} cases must move to reach p < {Alpha} ({Regressions + Improvements} of {Cases} did), so this run cannot decide — add cases or repeats"),
        };
    }

    private static string Format(double p) => p >= 0.001 ? p.ToString("0.###", CultureInfo.InvariantCulture) : p.ToString("0.##e0", CultureInfo.InvariantCulture);

    private static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Points(double delta) => (delta * 100).ToString("+0.#;−0.#;0", CultureInfo.InvariantCulture);
}
