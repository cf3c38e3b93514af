namespace LlmGuard.Results;

/// <summary>
/// What the baseline answer (the verified snapshot) cost, to compare with this run's answer: its tokens — counted from
/// the recorded answer, since snapshots hold no volatile figures — and the estimated cost of those tokens.
/// </summary>
public sealed record BaselineFigures
{
    /// <summary>The tokens of the baseline request and answer.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>The estimated cost in US dollars at the baseline model's price; null when its price is not known.</summary>
    public double? EstimatedCost { get; init; }

    /// <summary>The baseline model whose price applied (the model recorded in the snapshot).</summary>
    public string? Model { get; init; }
}
