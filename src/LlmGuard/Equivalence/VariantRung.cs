using LlmGuard.Comparison;
using LlmGuard.Results;

namespace LlmGuard.Equivalence;

/// <summary>
/// The accepted-variants step: an output that matches (by the case's mode) one of the other outputs accepted for the case —
/// recorded by <c>llmguard calibrate</c>, or seen among the baseline's own repeats — moved within the baseline's noise.
/// </summary>
internal sealed class VariantRung : ILadderRung
{
    public bool AppliesTo(LadderInput input) => input.Variants.Count > 0;

    public ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        for (var index = 0; index < input.Variants.Count; index++)
        {
            var comparison = OutputComparer.Compare(input.Variants[index], input.Candidate, input.Case.Compare, input.Case.Scrub, cancellationToken);
            if (comparison.Kind != ComparisonKind.Different)
            {
                return ValueTask.FromResult(new LadderFinding(LadderStep.Variant, LadderVerdict.Equivalent,
                    $"matches accepted variant {index + 2} of {input.Variants.Count + 1}"));
            }
        }

        return ValueTask.FromResult(new LadderFinding(LadderStep.Variant, LadderVerdict.Undecided,
            $"matches none of the {input.Variants.Count + 1} accepted variants"));
    }
}
