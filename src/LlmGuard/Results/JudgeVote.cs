namespace LlmGuard.Results;

/// <summary>One vote of the judge model.</summary>
/// <param name="Equivalent">Whether the judge found the two outputs equivalent on the criterion.</param>
/// <param name="Reason">The judge's one-sentence reason, as it gave it (bounded in length).</param>
/// <param name="Cached">True when the vote came from the cache (the same request was judged before).</param>
public sealed record JudgeVote(bool Equivalent, string Reason, bool Cached);
