using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Equivalence;

/// <summary>
/// The extracted-answer step: the same answer pulled out of both outputs is equivalent, a different one (or none where the
/// baseline has one) is a change; nothing to extract from the baseline leaves the decision to the later steps.
/// </summary>
internal sealed class ExtractRung : ILadderRung
{
    public bool AppliesTo(LadderInput input) => input.Case.Compare.Extract is not null;

    public ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        var extractor = input.Case.Compare.Extract!;
        var name = extractor.Describe();
        var baseline = AnswerExtractor.Extract(input.Baseline, extractor);
        if (baseline is null)
        {
            return Finding(LadderVerdict.Undecided, $"{name}: nothing to extract from the baseline");
        }

        var candidate = AnswerExtractor.Extract(input.Candidate, extractor);
        if (candidate is null)
        {
            return Finding(LadderVerdict.Different, $"{name}: the baseline's answer {Quote(baseline)} is missing from the output");
        }

        var same = string.Equals(baseline, candidate, extractor.IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        return same
            ? Finding(LadderVerdict.Equivalent, $"{name}: {Quote(baseline)} in both")
            : Finding(LadderVerdict.Different, $"{name}: {Quote(baseline)} → {Quote(candidate)}");
    }

    private static ValueTask<LadderFinding> Finding(LadderVerdict verdict, string detail) =>
        ValueTask.FromResult(new LadderFinding(LadderStep.Extract, verdict, detail));

    private static string Quote(string answer) => "'" + Excerpt.Of(answer) + "'";
}
