using LlmGuard.Comparison;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Equivalence;

/// <summary>The first step, always on: the same text after line endings are normalized, or after the case's scrubbers.</summary>
internal sealed class ExactRung : ILadderRung
{
    public bool AppliesTo(LadderInput input) => true;

    public ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Evaluate(input, cancellationToken));

    public static LadderFinding Evaluate(LadderInput input, CancellationToken cancellationToken = default)
    {
        var comparison = OutputComparer.Compare(input.Baseline, input.Candidate, CompareOptions.Default, input.Case.Scrub, cancellationToken);
        return comparison.Kind switch
        {
            ComparisonKind.Identical => new LadderFinding(LadderStep.Exact, LadderVerdict.Equivalent, LadderFinding.IdenticalDetail),
            ComparisonKind.Equivalent => new LadderFinding(LadderStep.Exact, LadderVerdict.Equivalent, $"differs only in {comparison.Reason}"),
            _ => new LadderFinding(LadderStep.Exact, LadderVerdict.Undecided, comparison.Reason ?? "the texts differ"),
        };
    }
}
