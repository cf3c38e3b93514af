using System.Globalization;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Equivalence;

/// <summary>
/// The lexical-similarity step (opt-in): ROUGE-L or token F1 over lower-cased word tokens. A score at or above the threshold
/// is equivalent; below it the later steps decide. It reports a score, not meaning: a changed final number keeps almost all
/// tokens, a faithful rewording may share few (docs/drift.md).
/// </summary>
internal sealed class LexicalRung : ILadderRung
{
    public bool AppliesTo(LadderInput input) => input.Case.Compare.Lexical is not null;

    public ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken)
    {
        var definition = input.Case.Compare.Lexical!;
        var score = LexicalSimilarity.Score(input.Baseline, input.Candidate, definition.Metric);
        var name = definition.Metric == LexicalMetric.RougeL ? "rouge-l" : "token-f1";
        var reached = score >= definition.Threshold;
        var detail = string.Create(CultureInfo.InvariantCulture, $"{name} {score:0.###} {(reached ? "≥" : "<")} {definition.Threshold}");
        return ValueTask.FromResult(new LadderFinding(LadderStep.Lexical, reached ? LadderVerdict.Equivalent : LadderVerdict.Undecided, detail)
        {
            Score = score,
            Threshold = definition.Threshold,
        });
    }
}
