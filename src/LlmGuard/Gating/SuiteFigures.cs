namespace LlmGuard.Gating;

/// <summary>
/// A suite's tokens, cost, latency and likelihood over the cases of a run, this run's figures beside the baseline's
/// (the verified snapshots') — what the gate's budget rules judge, for reports to show.
/// </summary>
public sealed record SuiteFigures
{
    /// <summary>Cases that got an answer (their tokens and latency count below).</summary>
    public int AnsweredCases { get; init; }

    /// <summary>Cases with a baseline to compare tokens with (a verified snapshot).</summary>
    public int ComparedCases { get; init; }

    /// <summary>This run's input tokens over the answered cases.</summary>
    public long InputTokens { get; init; }

    /// <summary>This run's output tokens over the compared cases.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The baseline's output tokens over the compared cases.</summary>
    public long BaselineOutputTokens { get; init; }

    /// <summary>True when any token figure was counted here rather than reported by the provider.</summary>
    public bool TokensEstimated { get; init; }

    /// <summary>This run's estimated cost in US dollars over the compared cases; null when a model's price is unknown.</summary>
    public double? Cost { get; init; }

    /// <summary>The baseline's estimated cost over the compared cases; null when a model's price is unknown.</summary>
    public double? BaselineCost { get; init; }

    /// <summary>Models whose price is not known (their cost could not be estimated), sorted.</summary>
    public IReadOnlyList<string> ModelsWithoutPrice { get; init; } = [];

    /// <summary>The 95th percentile (nearest rank) of the answered cases' latencies.</summary>
    public TimeSpan? LatencyP95 { get; init; }

    /// <summary>Cases whose likelihood drift was measured.</summary>
    public int LikelihoodCases { get; init; }

    /// <summary>The measured shift of largest magnitude (nats per token; negative: the candidate finds the baseline answer less likely).</summary>
    public double? LargestLikelihoodShift { get; init; }

    /// <summary>The mean KL divergence over the cases where it was measured (nats per token).</summary>
    public double? MeanKlDivergence { get; init; }

    /// <summary>The relative change of output tokens over the baseline (0.3 = +30%); null without a baseline.</summary>
    public double? OutputTokensIncrease => BaselineOutputTokens > 0 ? (double)OutputTokens / BaselineOutputTokens - 1 : null;

    /// <summary>The relative change of the estimated cost over the baseline; null when either is unknown or the baseline is 0.</summary>
    public double? CostIncrease => Cost is { } cost && BaselineCost is > 0 and var baseline ? cost / baseline - 1 : null;
}
