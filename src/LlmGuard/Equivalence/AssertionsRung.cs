using LlmGuard.Assertions;
using LlmGuard.Results;

namespace LlmGuard.Equivalence;

/// <summary>
/// The assertions step (<c>compare.assertions: true</c>): outputs that differ but both satisfy every assertion of the case are
/// equivalent, as far as the case says what matters. A baseline that fails an assertion cannot vouch for anything.
/// </summary>
internal sealed class AssertionsRung : ILadderRung
{
    public bool AppliesTo(LadderInput input) => input.Case.Compare.Assertions && input.Case.Expect.Count > 0;

    public ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        var count = input.Case.Expect.Count;
        var baselineFailures = AssertionEvaluator.Evaluate(new ModelAnswer(input.Baseline, input.BaselineCalls), input.Case.Expect, cancellationToken);
        if (baselineFailures.Count > 0)
        {
            return Finding(LadderVerdict.Undecided, $"the baseline fails {baselineFailures.Count} of {count} assertions", 0);
        }

        var candidateFailures = AssertionEvaluator.Evaluate(new ModelAnswer(input.Candidate, input.CandidateCalls), input.Case.Expect, cancellationToken);
        return candidateFailures.Count > 0
            ? Finding(LadderVerdict.Different, $"fails {candidateFailures.Count} of {count} assertions: {candidateFailures[0].Message}", count - candidateFailures.Count)
            : Finding(LadderVerdict.Equivalent, $"both satisfy all {count} assertion{(count == 1 ? "" : "s")}", count);
    }

    private static ValueTask<LadderFinding> Finding(LadderVerdict verdict, string detail, int held) =>
        ValueTask.FromResult(new LadderFinding(LadderStep.Assertions, verdict, detail) { Score = held });
}
