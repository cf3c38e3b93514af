namespace LlmGuard.Results;

/// <summary>One of a case's repeated runs (<c>repeat: k</c>).</summary>
/// <param name="Index">The run's number, from 1.</param>
/// <param name="Outcome">How this run's output compares with the baseline.</param>
public sealed record RepeatRun(int Index, CaseOutcome Outcome)
{
    /// <summary>The output; null when the call failed.</summary>
    public string? Output { get; init; }

    /// <summary>The tools this run's answer called, in order.</summary>
    public IReadOnlyList<Suites.ToolCall> ToolCalls { get; init; } = [];

    /// <summary>The tokens of this run's request and answer, when known.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>The seed sent with this run, when the engine chose one (a target without <c>seed</c> samples each repeat with a fresh one).</summary>
    public long? Seed { get; init; }

    /// <summary>The failure of a run that produced no output.</summary>
    public ProviderFailure? Failure { get; init; }

    /// <summary>The step that decided this run's comparison, if it was compared.</summary>
    public LadderFinding? DecidingStep { get; init; }

    /// <summary>How long the call took.</summary>
    public TimeSpan Duration { get; init; }
}
