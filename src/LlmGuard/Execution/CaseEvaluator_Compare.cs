using LlmGuard.Comparison;
using LlmGuard.Equivalence;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Execution;

/// <summary>
/// Compare runs: the baseline is another side's runs (a live model, or an earlier results file). Its most frequent output is
/// the baseline; its other outputs are accepted variants (the baseline's own noise). Nothing is written.
/// </summary>
internal sealed partial class CaseEvaluator
{
    private const string BaselineName = "the baseline";

    private async Task<CaseResult> CompareAsync(CasePlan plan, IReadOnlyList<Observation> runs, BaselineRuns baseline, EquivalenceLadder ladder, CancellationToken cancellationToken)
    {
        var intended = IsIntended(plan);
        var result = BaseResult(plan, runs, intended);
        if (runs.FirstOrDefault(run => run.Failure is not null)?.Failure is { } failure)
        {
            return ProviderError(result, failure, runs.Count > 1 ? Repeats(runs) : []);
        }

        if (baseline.Runs.FirstOrDefault(run => run.Failure is not null)?.Failure is { } baselineFailure)
        {
            return ProviderError(result, baselineFailure with { Source = "baseline" }, []);
        }

        if (baseline.Runs.Count == 0)
        {
            var modal = ModalOutput(runs);
            return result with
            {
                Outcome = CaseOutcome.New,
                Summary = $"the baseline ({baseline.Description}) has no output for this case",
                Output = modal.Output,
                Identity = modal.Identity,
            };
        }

        var primary = ModalOutput(baseline.Runs);
        var others = baseline.Runs.Select(run => run.Output ?? "").Where(output => output != primary.Output).Distinct(StringComparer.Ordinal).ToList();
        var recorded = new SnapshotDocument
        {
            Suite = plan.Suite.Id,
            Case = plan.Case.Id,
            Provider = baseline.Provider,
            Model = baseline.Model,
            Identity = primary.Identity,
            Output = primary.Output ?? "",
            ToolCalls = primary.ToolCalls,
        };
        var current = ModalOutput(runs).Identity;
        result = result with { IdentityChanges = IdentityChanges(recorded, current, plan, comparing: true), SameWeights = ComparedWeights(recorded.Identity, current) };

        Classification classification;
        try
        {
            classification = await ClassifyAsync(plan, recorded.Answer, others, runs, intended, ladder, BaselineName, cancellationToken).ConfigureAwait(false);
        }
        catch (ComparisonModelException exception)
        {
            return ProviderError(result with { BaselineOutput = recorded.Output }, FailureOf(exception), runs.Count > 1 ? Repeats(runs) : []);
        }

        result = WithClassification(plan, result, classification, recorded.Output, AssertionPassRate(plan, baseline.Runs, cancellationToken));
        var candidate = new ModelAnswer(result.Output ?? "", result.ToolCalls);
        return result with
        {
            VerifiedPath = null,
            Baseline = BaselineFiguresOf(plan, baseline, primary),
            Diff = candidate.Text == recorded.Output && candidate.ToolCalls.Count == 0 && recorded.ToolCalls.Count == 0
                ? null
                : AnswerComparer.Compare(recorded.Answer, candidate, plan.Case.Compare, plan.Case.Scrub,
                    $"baseline ({baseline.Description})", $"candidate ({plan.Suite.Target.Provider}/{plan.Suite.Target.Model})", options.MaxDiffLines, cancellationToken).Diff,
        };
    }

    /// <summary>The baseline side's own figures: the tokens its modal run reported (or counted), at its model's price.</summary>
    private static BaselineFigures? BaselineFiguresOf(CasePlan plan, BaselineRuns baseline, Observation primary)
    {
        if (primary.Usage is not { } usage)
        {
            return null;
        }

        var model = baseline.Model ?? plan.Suite.Target.Model;
        var price = PriceTable.Find(plan.Suite.Prices, model);
        return new BaselineFigures { Usage = usage, EstimatedCost = price is null ? null : PriceTable.Cost(price, usage), Model = model };
    }

    private static bool? ComparedWeights(ModelIdentity baseline, ModelIdentity candidate) =>
        baseline.Digest is { } before && candidate.Digest is { } after ? string.Equals(before, after, StringComparison.OrdinalIgnoreCase) : null;
}
