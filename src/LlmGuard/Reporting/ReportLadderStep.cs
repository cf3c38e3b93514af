namespace LlmGuard.Reporting;

/// <summary>What one step of the equivalence ladder found for a case (as the JSON Lines stream writes it).</summary>
internal sealed record ReportLadderStep
{
    /// <summary>The step's name, e.g. <c>extract</c>.</summary>
    public required string Step { get; init; }

    /// <summary><c>equivalent</c>, <c>different</c> or <c>undecided</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>One line saying why, e.g. "final-number: 42 in both".</summary>
    public required string Detail { get; init; }

    /// <summary>The step's score, where it has one.</summary>
    public double? Score { get; init; }

    /// <summary>The threshold the score was held to, where there is one.</summary>
    public double? Threshold { get; init; }

    /// <summary>The embedding or judge model that produced the score (its resolved id).</summary>
    public string? Model { get; init; }

    /// <summary>The judge's votes, in the order they were asked.</summary>
    public IReadOnlyList<ReportJudgeVote> Votes { get; init; } = [];

    /// <summary>How many model calls (embeddings or judge votes) the step needed.</summary>
    public int Calls { get; init; }

    /// <summary>How many of <see cref="Calls"/> the cache answered.</summary>
    public int CachedCalls { get; init; }

    /// <summary>The step as one line: <c>extract: detail (score 0.91, threshold 0.85)</c>.</summary>
    public string Describe()
    {
        var figures = new List<string>();
        if (Score is { } score)
        {
            figures.Add("score " + ReportNumbers.Decimal(score));
        }

        if (Threshold is { } threshold)
        {
            figures.Add("threshold " + ReportNumbers.Decimal(threshold));
        }

        if (Votes.Count > 0)
        {
            figures.Add($"{Votes.Count(vote => vote.Equivalent)} of {Votes.Count} votes equivalent");
        }

        if (Calls > 0)
        {
            figures.Add($"{Calls} call{(Calls == 1 ? "" : "s")}, {CachedCalls} cached");
        }

        if (Model is not null)
        {
            figures.Add("model " + Model);
        }

        return $"{Step} ({Verdict}): {Detail}" + (figures.Count == 0 ? "" : $" ({string.Join(", ", figures)})");
    }
}

/// <summary>One vote of the judge model.</summary>
/// <param name="Equivalent">Whether the judge found the outputs equivalent.</param>
/// <param name="Reason">The judge's reason, as it gave it.</param>
/// <param name="Cached">True when the vote came from the cache.</param>
internal sealed record ReportJudgeVote(bool Equivalent, string Reason, bool Cached);
