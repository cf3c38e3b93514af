using System.Globalization;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>What a suite has accumulated so far: its counts, case names, pass rates and figures.</summary>
internal sealed partial class RunTally
{
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

        public int Changes { get; private set; }

        public int CasesUnderTagShares { get; private set; }

        public Dictionary<string, int> TaggedCases { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, List<string>> TaggedChanges { get; } = new(StringComparer.Ordinal);

        public List<string> ChangedCases { get; } = [];

        public List<string> ChangedUnderSuiteShare { get; } = [];

        public List<string> IntendedCases { get; } = [];

        public List<string> ProviderErrorCases { get; } = [];

        public List<string> AssertionFailedCases { get; } = [];

        public List<string> CriticalChanges { get; } = [];

        public List<string> Regressions { get; } = [];

        public List<string> DisagreeingCases { get; } = [];

        public List<IdentityChange> IdentityChanges { get; } = [];

        public List<(string Name, double Baseline, double Candidate)> Pairs { get; } = [];

        public Dictionary<string, int> EquivalentByStep { get; } = new(StringComparer.Ordinal);

        public int DifferingOutputs { get; private set; }

        public double AgreeingRuns { get; private set; }

        public double AgreementRuns { get; private set; }

        public IdentityChange? ModelChange { get; private set; }

        public bool HasRepeats { get; private set; }

        public bool? SameWeights { get; private set; } = true;

        public void Add(CaseResult result, CaseGateAssessment assessment)
        {
            Counts[result.Outcome] = Counts.GetValueOrDefault(result.Outcome) + 1;
            if (assessment.FailsOnOutcome)
            {
                FailedOnOutcome[result.Outcome] = FailedOnOutcome.GetValueOrDefault(result.Outcome) + 1;
            }

            if (Policy.Definition.MaxChangedShareByTag.Count > 0 && result.Tags.Any(Policy.Definition.MaxChangedShareByTag.ContainsKey))
            {
                CasesUnderTagShares++;
                foreach (var tag in result.Tags.Where(Policy.Definition.MaxChangedShareByTag.ContainsKey))
                {
                    TaggedCases[tag] = TaggedCases.GetValueOrDefault(tag) + 1;
                }
            }

            switch (result.Outcome)
            {
                case CaseOutcome.ProviderError:
                    ProviderErrorCases.Add(result.Case);
                    break;
                case CaseOutcome.AssertionFailed when assessment.FailsOnOutcome:
                    AssertionFailedCases.Add(result.Case);
                    break;
                case CaseOutcome.IntendedChange:
                    IntendedCases.Add(result.Case);
                    break;
            }

            if (assessment.CountsAsChange)
            {
                ChangedCases.Add(result.Case);
                if (assessment.ShareTags is { Count: > 0 } shareTags)
                {
                    foreach (var tag in shareTags)
                    {
                        if (!TaggedChanges.TryGetValue(tag, out var changed))
                        {
                            TaggedChanges[tag] = changed = [];
                        }

                        changed.Add(result.Case);
                    }
                }
                else
                {
                    Changes++;
                    ChangedUnderSuiteShare.Add(result.Case);
                }
            }

            if (assessment.CriticalTag is { } critical)
            {
                CriticalChanges.Add($"{result.Case} (tag '{critical}')");
            }

            if (assessment.Regressed)
            {
                Regressions.Add(result.Case);
            }

            if (assessment.LikelihoodShift is { } shift)
            {
                LikelihoodShifts.Add(string.Create(CultureInfo.InvariantCulture, $"{result.Case} ({shift:+0.0000;-0.0000;0.0000})"));
            }

            Figures.Add(result);

            if (result.Ladder.Count > 0 && !result.Ladder[0].IsIdentical)
            {
                DifferingOutputs++;
                if (result.Outcome.IsPassing() && result.DecidingStep is { Verdict: LadderVerdict.Equivalent } step)
                {
                    EquivalentByStep[step.StepName] = EquivalentByStep.GetValueOrDefault(step.StepName) + 1;
                }
            }

            if (result.Agreement is { } agreement && !result.Intended)
            {
                var runs = Math.Max(1, result.Repeats.Count(run => run.Output is not null));
                AgreeingRuns += agreement * runs;
                AgreementRuns += runs;
                if (agreement < 1)
                {
                    DisagreeingCases.Add(result.Case);
                }
            }

            if (result.PassRates is { } rates)
            {
                Pairs.Add((result.Case, rates.Baseline, rates.Candidate));
            }

            HasRepeats |= result.Repeats.Count > 0;

            foreach (var change in result.IdentityChanges)
            {
                if (change.Field == "model" && ModelChange is null)
                {
                    ModelChange = change;
                }

                if (!IdentityChanges.Contains(change))
                {
                    IdentityChanges.Add(change);
                }
            }

            if (result.IdentityChanges.Count > 0 && result.IdentityChanges.Any(change => change.Field == "model"))
            {
                SameWeights = (SameWeights, result.SameWeights) switch
                {
                    (false, _) or (_, false) => false,
                    (true, true) => true,
                    _ => null,
                };
            }
        }

        public List<string> LikelihoodShifts { get; } = [];

        public FiguresTally Figures { get; } = new();
    }
}
