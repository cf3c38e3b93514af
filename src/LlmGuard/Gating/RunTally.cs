using System.Globalization;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>
/// Accumulates results as they stream by (keeping counts, not results) and applies each suite's gate, as
/// <see cref="GatePolicy"/> assesses every case: a case that fails on its own fails the suite, and the changed
/// cases together fail it beyond the suite's allowed share.
/// </summary>
internal sealed class RunTally(RunMode mode)
{
    private readonly Dictionary<string, SuiteTally> suites = new(StringComparer.Ordinal);

    /// <summary>Adds a result.</summary>
    public void Add(Suite suite, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(result);
        if (!suites.TryGetValue(suite.Id, out var tally))
        {
            suites[suite.Id] = tally = new SuiteTally(suite, new GatePolicy(suite.Gate, mode));
        }

        var assessment = tally.Policy.Assess(result);
        tally.Counts[result.Outcome] = tally.Counts.GetValueOrDefault(result.Outcome) + 1;
        if (assessment.FailsOnOutcome)
        {
            tally.FailedOnOutcome[result.Outcome] = tally.FailedOnOutcome.GetValueOrDefault(result.Outcome) + 1;
        }

        if (assessment.CountsAsChange)
        {
            tally.Changes++;
        }

        if (assessment.CriticalTag is { } critical)
        {
            tally.CriticalChanges.Add($"{result.Case} (tag '{critical}')");
        }

        foreach (var change in result.IdentityChanges)
        {
            if (!tally.IdentityChanges.Contains(change))
            {
                tally.IdentityChanges.Add(change);
            }
        }

        if (assessment.LikelihoodShift is { } shift)
        {
            tally.LikelihoodShifts.Add(string.Create(CultureInfo.InvariantCulture, $"{result.Case} ({shift:+0.0000;-0.0000;0.0000})"));
        }

        tally.Figures.Add(result);
    }

    /// <summary>The verdict over everything added so far.</summary>
    public RunVerdict Verdict(bool interrupted, IReadOnlyList<string> orphans) =>
        new([.. suites.Values.OrderBy(t => t.Suite.Id, StringComparer.Ordinal).Select(Decide)], interrupted, orphans);

    private static SuiteVerdict Decide(SuiteTally tally)
    {
        var total = tally.Counts.Values.Sum();
        int Failed(CaseOutcome outcome) => tally.FailedOnOutcome.GetValueOrDefault(outcome);
        var reasons = new List<string>();
        var errors = Failed(CaseOutcome.ProviderError);
        if (errors > 0)
        {
            reasons.Add(Plural(errors, "case", "cases") + " failed with a provider error");
        }

        if (Failed(CaseOutcome.AssertionFailed) is > 0 and var failed)
        {
            reasons.Add(Plural(failed, "case has", "cases have") + " failing assertions");
        }

        if (Failed(CaseOutcome.New) is > 0 and var created)
        {
            reasons.Add(Plural(created, "case has", "cases have") + " no verified snapshot (new)");
        }

        if (Failed(CaseOutcome.RequestChanged) is > 0 and var stale)
        {
            reasons.Add(Plural(stale, "case's request", "cases' requests") + " changed since recording");
        }

        if (tally.Policy.ChangedShareExceeded(tally.Changes, total))
        {
            var share = GatePolicy.Percent(total == 0 ? 0 : (double)tally.Changes / total);
            reasons.Add($"{Plural(tally.Changes, "case", "cases")} changed ({share} of {total}); the gate allows {tally.Policy.MaxChangedSharePercent}");
        }

        if (tally.CriticalChanges.Count > 0)
        {
            reasons.Add("critical cases changed: " + string.Join(", ", tally.CriticalChanges));
        }

        foreach (var change in tally.IdentityChanges.Where(tally.Policy.FailsOn))
        {
            reasons.Add($"model identity changed: {change}");
        }

        if (tally.LikelihoodShifts.Count > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the likelihood of the baseline answer moved beyond ±{tally.Policy.Definition.MaxLikelihoodShift} nats/token on {Plural(tally.LikelihoodShifts.Count, "case whose text held", "cases whose text held")}: {string.Join(", ", tally.LikelihoodShifts)}"));
        }

        var figures = tally.Figures.Summary();
        reasons.AddRange(tally.Policy.BudgetViolations(figures));

        var errorsOnly = reasons.Count == 1 && errors > 0;
        return new SuiteVerdict(tally.Suite.Id, new Dictionary<CaseOutcome, int>(tally.Counts), reasons.Count == 0, reasons, errorsOnly, tally.IdentityChanges) { Figures = figures };
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    /// <summary>Sums a suite's tokens, costs, latencies and likelihood measures as results arrive.</summary>
    private sealed class FiguresTally
    {
        private readonly List<TimeSpan> latencies = [];
        private readonly SortedSet<string> modelsWithoutPrice = new(StringComparer.Ordinal);
        private int compared;
        private long inputTokens;
        private long outputTokens;
        private long baselineOutputTokens;
        private bool estimated;
        private double cost;
        private double baselineCost;
        private int likelihoodCases;
        private double? largestShift;
        private double klSum;
        private int klCases;

        public void Add(CaseResult result)
        {
            if (result.Usage is not { } usage)
            {
                return;
            }

            latencies.Add(result.Duration);
            inputTokens += usage.InputTokens;
            if (result.Baseline is { } baseline)
            {
                compared++;
                outputTokens += usage.OutputTokens;
                baselineOutputTokens += baseline.Usage.OutputTokens;
                estimated |= usage.Estimated || baseline.Usage.Estimated;
                cost += result.EstimatedCost ?? 0;
                baselineCost += baseline.EstimatedCost ?? 0;
                if (result.EstimatedCost is null)
                {
                    modelsWithoutPrice.Add(result.Identity.ResolvedModelId ?? "(the candidate model)");
                }

                if (baseline.EstimatedCost is null)
                {
                    modelsWithoutPrice.Add(baseline.Model ?? "(the baseline model)");
                }
            }

            if (result.Likelihood is { } likelihood)
            {
                likelihoodCases++;
                if (largestShift is null || Math.Abs(likelihood.Shift) > Math.Abs(largestShift.Value))
                {
                    largestShift = likelihood.Shift;
                }

                if (likelihood.MeanKlDivergence is { } kl)
                {
                    klSum += kl;
                    klCases++;
                }
            }
        }

        public SuiteFigures? Summary()
        {
            if (latencies.Count == 0)
            {
                return null;
            }

            var sorted = latencies.Order().ToList();
            var rank = (int)Math.Ceiling(0.95 * sorted.Count);
            var unpriced = modelsWithoutPrice.ToList();
            return new SuiteFigures
            {
                AnsweredCases = latencies.Count,
                ComparedCases = compared,
                InputTokens = inputTokens,
                OutputTokens = outputTokens,
                BaselineOutputTokens = baselineOutputTokens,
                TokensEstimated = estimated,
                Cost = compared > 0 && unpriced.Count == 0 ? cost : null,
                BaselineCost = compared > 0 && unpriced.Count == 0 ? baselineCost : null,
                ModelsWithoutPrice = unpriced,
                LatencyP95 = sorted[Math.Max(0, rank - 1)],
                LikelihoodCases = likelihoodCases,
                LargestLikelihoodShift = largestShift,
                MeanKlDivergence = klCases > 0 ? klSum / klCases : null,
            };
        }
    }

    private sealed class SuiteTally(Suite suite, GatePolicy policy)
    {
        public Suite Suite { get; } = suite;

        public GatePolicy Policy { get; } = policy;

        public Dictionary<CaseOutcome, int> Counts { get; } = [];

        public Dictionary<CaseOutcome, int> FailedOnOutcome { get; } = [];

        public int Changes { get; set; }

        public List<string> CriticalChanges { get; } = [];

        public List<IdentityChange> IdentityChanges { get; } = [];

        public List<string> LikelihoodShifts { get; } = [];

        public FiguresTally Figures { get; } = new();
    }
}
