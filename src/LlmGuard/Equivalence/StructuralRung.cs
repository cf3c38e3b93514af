using LlmGuard.Comparison;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Equivalence;

/// <summary>
/// The <c>normalized</c> or <c>json</c> step (the case's <c>compare.mode</c>): equivalent when the outputs differ only in what
/// the mode ignores. A difference beyond it leaves the decision to the later steps (a JSON output whose free-text field was
/// reworded may still have the same extracted answer); with no later step it is a change.
/// </summary>
internal sealed class StructuralRung : ILadderRung
{
    public bool AppliesTo(LadderInput input) => input.Case.Compare.Mode != CompareMode.Exact;

    public ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        var options = input.Case.Compare;
        var step = options.Mode == CompareMode.Json ? LadderStep.Json : LadderStep.Normalized;
        var comparison = OutputComparer.Compare(input.Baseline, input.Candidate, options, input.Case.Scrub, cancellationToken);
        return ValueTask.FromResult(comparison.Kind == ComparisonKind.Different
            ? new LadderFinding(step, LadderVerdict.Undecided, comparison.Reason ?? "the outputs differ")
            : new LadderFinding(step, LadderVerdict.Equivalent, $"differs only in {comparison.Reason ?? "formatting"}"));
    }
}
