namespace LlmGuard.Results;

/// <summary>What one step of the equivalence ladder found for a case.</summary>
/// <param name="Step">The step.</param>
/// <param name="Verdict">Equivalent, different or undecided.</param>
/// <param name="Detail">One line saying why, e.g. "final-number: 42 in both" or "cosine 0.81 &lt; 0.85".</param>
public sealed record LadderFinding(LadderStep Step, LadderVerdict Verdict, string Detail)
{
    /// <summary>The detail of an exact step that found the very same text.</summary>
    public const string IdenticalDetail = "identical";

    /// <summary>Whether the step found the very same text (after line endings are normalized).</summary>
    public bool IsIdentical => Step == LadderStep.Exact && Verdict == LadderVerdict.Equivalent && Detail == IdenticalDetail;

    /// <summary>The step's score, where it has one (similarity, share of judge votes, number of assertions held).</summary>
    public double? Score { get; init; }

    /// <summary>The threshold the score was held to, where there is one.</summary>
    public double? Threshold { get; init; }

    /// <summary>The embedding or judge model that produced the score.</summary>
    public ModelIdentity? Model { get; init; }

    /// <summary>The judge's votes, in the order they were asked.</summary>
    public IReadOnlyList<JudgeVote> Votes { get; init; } = [];

    /// <summary>How many model calls (embeddings or judge votes) the step needed, and how many of them the cache answered.</summary>
    public int Calls { get; init; }

    /// <summary>How many of <see cref="Calls"/> were answered from the cache.</summary>
    public int CachedCalls { get; init; }

    /// <summary>The step's name as written in suites and reports, e.g. <c>extract</c>.</summary>
    public string StepName => Step.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public override string ToString() => $"{StepName}: {Detail}";
}
