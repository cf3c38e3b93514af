using LlmGuard.Results;

namespace LlmGuard.Equivalence;

/// <summary>One step of the equivalence ladder.</summary>
internal interface ILadderRung
{
    /// <summary>Whether the case declares this step.</summary>
    bool AppliesTo(LadderInput input);

    /// <summary>What the step finds. A model step that cannot answer throws <see cref="ComparisonModelException"/>, never returns a pass.</summary>
    ValueTask<LadderFinding> EvaluateAsync(LadderInput input, CancellationToken cancellationToken);
}
