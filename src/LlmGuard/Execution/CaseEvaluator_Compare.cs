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
        var baselineOutputs = baseline.Runs.Select(run => run.Output ?? "").ToList();
        var others = baselineOutputs.Where(output => output != primary.Output).Distinct(StringComparer.Ordinal).ToList();
        var recorded = new SnapshotDocument
        {
            Suite = plan.Suite.Id,
            Case = plan.Case.Id,
            Provider = baseline.Provider,
            Model = baseline.Model,
            Identity = primary.Identity,
            Output = primary.Output ?? "",
        };
        var current = ModalOutput(runs).Identity;
        result = result with { IdentityChanges = IdentityChanges(recorded, current, plan, comparing: true), SameWeights = ComparedWeights(recorded.Identity, current) };

        Classification classification;
        try
        {
            classification = await ClassifyAsync(plan, recorded.Output, others, runs, intended, ladder, BaselineName, cancellationToken).ConfigureAwait(false);
        }
        catch (ComparisonModelException exception)
        {
            return ProviderError(result with { BaselineOutput = recorded.Output }, FailureOf(exception), runs.Count > 1 ? Repeats(runs) : []);
        }

        result = WithClassification(result, classification, recorded.Output, AssertionPassRate(plan, baselineOutputs));
        var output = result.Output ?? "";
        return result with
        {
            VerifiedPath = null,
            Diff = output == recorded.Output
                ? null
                : SnapshotDiff.Create(recorded.Output, output, $"baseline ({baseline.Description})", $"candidate ({plan.Suite.Target.Provider}/{plan.Suite.Target.Model})", options.MaxDiffLines),
        };
    }

    private static bool? ComparedWeights(ModelIdentity baseline, ModelIdentity candidate) =>
        baseline.Digest is { } before && candidate.Digest is { } after ? string.Equals(before, after, StringComparison.OrdinalIgnoreCase) : null;
}
