using LlmGuard.Gating;
using LlmGuard.Results;
using LlmGuard.Statistics;

namespace LlmGuard.Reporting;

/// <summary>The engine's verdict described by a report, so a saved or merged run is summed up as a live run is.</summary>
internal static class ReportVerdicts
{
    /// <summary>The verdict of a report.</summary>
    /// <exception cref="InvalidDataException">An outcome is unknown to this build.</exception>
    public static RunVerdict ToRunVerdict(RunReport report) => new(
        [.. report.Suites.Select(suite => new SuiteVerdict(
            suite.Id,
            suite.Counts.ToDictionary(
                pair => ReportCases.ParseOutcome(pair.Key) ?? throw new InvalidDataException($"suite '{suite.Id}' counts the outcome '{pair.Key}', which this version of LlmGuard does not know."),
                pair => pair.Value),
            suite.Gate.Passed,
            suite.Gate.Reasons,
            suite.Gate.ProviderErrorsOnly,
            [.. suite.IdentityChanges.Select(IdentityChangeOf)])
        {
            Rules = [.. suite.Gate.RuleResults.Select(rule => new GateRuleResult(rule.Rule, rule.Held, rule.Figure, rule.Limit) { Note = rule.Note, Cases = rule.Cases })],
            ModelChange = suite.ModelChange is { } modelChange ? IdentityChangeOf(modelChange) : null,
            SameWeights = suite.SameWeights,
            ChangedCases = suite.ChangedCases,
            IntendedChanges = suite.IntendedChanges,
            DifferingOutputs = suite.DifferingOutputs,
            EquivalentByStep = suite.EquivalentByStep,
            Agreement = suite.Agreement,
            Statistics = suite.Statistics is { } statistics ? StatisticsOf(suite.Id, statistics) : null,
            Figures = suite.Figures is { } figures ? FiguresOf(figures) : null,
        })],
        report.Verdict.Interrupted,
        report.Orphans);

    private static IdentityChange IdentityChangeOf(ReportIdentityChange change) =>
        new(change.Field, change.Recorded, change.Current, change.Gating) { Expected = change.Expected };

    private static PairedComparison StatisticsOf(string suite, ReportStatistics statistics) => new()
    {
        Cases = statistics.Cases,
        BothPassed = statistics.BothPassed,
        BothFailed = statistics.BothFailed,
        Regressions = statistics.Regressions,
        Improvements = statistics.Improvements,
        PValue = statistics.PValue,
        RegressionPValue = statistics.RegressionPValue,
        ImprovementPValue = statistics.ImprovementPValue,
        Alpha = statistics.Alpha,
        MinimumDiscordant = statistics.MinimumDiscordant,
        BaselinePassRate = statistics.BaselinePassRate,
        CandidatePassRate = statistics.CandidatePassRate,
        IntervalLow = statistics.IntervalLow,
        IntervalHigh = statistics.IntervalHigh,
        Resamples = statistics.Resamples,
        Seed = statistics.Seed,
        Verdict = StatisticalVerdictExtensions.TryParse(statistics.Verdict, out var verdict)
            ? verdict
            : throw new InvalidDataException($"suite '{suite}' has the statistical verdict '{statistics.Verdict}', which this version of LlmGuard does not know."),
        RegressedCases = statistics.RegressedCases,
        ImprovedCases = statistics.ImprovedCases,
    };

    private static SuiteFigures FiguresOf(ReportFigures figures) => new()
    {
        AnsweredCases = figures.AnsweredCases,
        ComparedCases = figures.ComparedCases,
        InputTokens = figures.InputTokens,
        OutputTokens = figures.OutputTokens,
        BaselineOutputTokens = figures.BaselineOutputTokens,
        TokensEstimated = figures.TokensEstimated,
        Cost = figures.Cost,
        BaselineCost = figures.BaselineCost,
        ModelsWithoutPrice = figures.ModelsWithoutPrice,
        LatencyP95 = figures.LatencyP95Ms is { } p95 ? TimeSpan.FromMilliseconds(p95) : null,
        LikelihoodCases = figures.LikelihoodCases,
        LargestLikelihoodShift = figures.LargestLikelihoodShift,
        MeanKlDivergence = figures.MeanKlDivergence,
    };
}
