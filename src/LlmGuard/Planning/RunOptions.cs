
namespace LlmGuard.Planning;

/// <summary>How to run a suite set.</summary>
public sealed record RunOptions
{
    /// <summary>How many cases may call models at once unless told otherwise (the CLI's <c>--concurrency</c> default).</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>The mode.</summary>
    public RunMode Mode { get; init; } = RunMode.Verify;

    /// <summary>Which cases to run.</summary>
    public CaseSelection Selection { get; init; } = CaseSelection.All;

    /// <summary>How many cases may call models at once (a target's own <c>concurrency</c> can lower it further).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>
    /// Runs every selected suite against this model instead of its own (e.g. a candidate or fine-tuned model),
    /// comparing with the snapshots recorded for the suite's model. Pins do not apply to the replacement.
    /// </summary>
    public string? ModelOverride { get; init; }

    /// <summary>The longest diff shown for a changed case, in lines.</summary>
    public int MaxDiffLines { get; init; } = 80;
}
