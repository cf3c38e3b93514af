using LlmGuard.Suites;

namespace LlmGuard.Equivalence;

/// <summary>What the steps of the ladder compare: one candidate output against the baseline output of a case.</summary>
/// <param name="Baseline">The baseline output (the verified snapshot, or the baseline side's modal output).</param>
/// <param name="Candidate">The output being judged.</param>
/// <param name="Variants">Other outputs accepted for the case (calibrated variants, or the baseline's other repeats), without the baseline itself.</param>
/// <param name="Case">The case: its comparison settings, scrubbers and assertions.</param>
/// <param name="Request">The last user message, shown to a judge.</param>
internal sealed record LadderInput(string Baseline, string Candidate, IReadOnlyList<string> Variants, SuiteCase Case, string Request)
{
    /// <summary>The baseline answer's tool calls (what assertions about tool calls check).</summary>
    public IReadOnlyList<ToolCall> BaselineCalls { get; init; } = [];

    /// <summary>The candidate answer's tool calls.</summary>
    public IReadOnlyList<ToolCall> CandidateCalls { get; init; } = [];
}
