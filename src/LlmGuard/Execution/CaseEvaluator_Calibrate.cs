using LlmGuard.Comparison;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Execution;

/// <summary>
/// Calibration: k runs of the suite's own model against the verified snapshot. When at least one run reproduces the verified
/// output, every distinct output is stored as an accepted variant with how often it came (<c>&lt;case&gt;.variants.txt</c>); when
/// none does, the model (or its serving) has changed and nothing is accepted. A verified file is never touched.
/// </summary>
internal sealed partial class CaseEvaluator
{
    private CaseResult Calibrate(CasePlan plan, SnapshotDocument? verified, IReadOnlyList<Observation> runs, CancellationToken cancellationToken)
    {
        var result = BaseResult(plan, runs, IsIntended(plan)) with { Repeats = runs.Count > 1 ? Repeats(runs) : [] };
        if (runs.FirstOrDefault(run => run.Failure is not null)?.Failure is { } failure)
        {
            return ProviderError(result, failure, result.Repeats);
        }

        var modal = ModalOutput(runs);
        if (verified is null)
        {
            return result with { Outcome = CaseOutcome.New, Summary = "no verified snapshot to calibrate against: record the case first (--mode update)", Output = modal.Output };
        }

        result = result with
        {
            BaselineOutput = verified.Output,
            IdentityChanges = IdentityChanges(verified, modal.Identity, plan, comparing: false),
        };
        if (verified.RequestFingerprint is { } recorded && recorded != plan.Fingerprint && !OnlyModelChanged(plan, verified, recorded))
        {
            return result with { Outcome = CaseOutcome.RequestChanged, Summary = "the request changed since the snapshot was recorded: record it again before calibrating", Output = modal.Output };
        }

        var outputs = runs.Select(run => run.Output ?? "").ToList();
        var reproducing = outputs.Count(output => OutputComparer.Compare(verified.Output, output, plan.Case.Compare, plan.Case.Scrub, cancellationToken).Kind != ComparisonKind.Different);
        var distinct = outputs.Distinct(StringComparer.Ordinal).Count();
        var stability = new Stability(outputs.Count, distinct, (double)outputs.GroupBy(output => output, StringComparer.Ordinal).Max(group => group.Count()) / outputs.Count);
        result = result with { Output = modal.Output, Stability = stability, Agreement = (double)reproducing / outputs.Count };
        if (reproducing == 0)
        {
            return result with
            {
                Outcome = CaseOutcome.Changed,
                Summary = $"none of the {outputs.Count} runs reproduced the verified output, so no variant was accepted: the model or its serving changed (record the case again if that is intended)",
                Diff = SnapshotDiff.Create(verified.Output, modal.Output ?? "", store.PathOf(plan.Suite.Id, plan.Case.Id, SnapshotKind.Verified), "calibration run", options.MaxDiffLines, cancellationToken: cancellationToken),
            };
        }

        var others = outputs
            .Where(output => OutputComparer.Compare(verified.Output, output, plan.Case.Compare, plan.Case.Scrub, cancellationToken).Kind == ComparisonKind.Different)
            .GroupBy(output => output, StringComparer.Ordinal)
            .Select(group => new VariantsDocument.Variant(group.Key, group.Count(), IsVerified: false))
            .OrderByDescending(variant => variant.Count)
            .ThenBy(variant => variant.Output, StringComparer.Ordinal);
        var document = new VariantsDocument
        {
            Suite = plan.Suite.Id,
            Case = plan.Case.Id,
            RequestFingerprint = plan.Fingerprint,
            Runs = outputs.Count,
            Variants = [new VariantsDocument.Variant(verified.Output, reproducing, IsVerified: true), .. others],
        };
        variants.Write(document);
        var accepted = document.Variants.Count;
        return result with
        {
            Outcome = accepted == 1 && distinct == 1 ? CaseOutcome.Unchanged : CaseOutcome.Unstable,
            Summary = accepted == 1 && distinct == 1
                ? $"all {outputs.Count} runs reproduce the verified output (TARr@{outputs.Count} = 1)"
                : $"{reproducing} of {outputs.Count} runs reproduce the verified output; {accepted} variant{(accepted == 1 ? "" : "s")} accepted in {Path.GetFileName(variants.PathOf(plan.Suite.Id, plan.Case.Id))} (TARr@{outputs.Count} = {stability.Tarr:0.##})",
        };
    }
}
