namespace LlmGuard.Suites;

/// <summary>The judge step: the suite's judge model is asked, <see cref="Votes"/> times, whether the two outputs agree on the criterion; the majority decides.</summary>
/// <param name="Criterion">What must be preserved, e.g. "names the same city as the capital".</param>
/// <param name="Votes">How many times the judge is asked (odd numbers avoid ties; a tie is not equivalent).</param>
public sealed record JudgeDefinition(string Criterion, int Votes = 1)
{
    /// <summary>Where the step was declared.</summary>
    public SourceLocation Location { get; init; }
}
