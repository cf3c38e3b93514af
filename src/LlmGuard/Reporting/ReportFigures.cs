namespace LlmGuard.Reporting;

/// <summary>A suite's tokens, cost, latency and likelihood beside the baseline's: what the budget rules judge.</summary>
internal sealed record ReportFigures
{
    /// <summary>Cases that got an answer.</summary>
    public int AnsweredCases { get; init; }

    /// <summary>Cases with a baseline to compare tokens with.</summary>
    public int ComparedCases { get; init; }

    /// <summary>This run's input tokens over the answered cases.</summary>
    public long InputTokens { get; init; }

    /// <summary>This run's output tokens over the compared cases.</summary>
    public long OutputTokens { get; init; }

    /// <summary>The baseline's output tokens over the compared cases.</summary>
    public long BaselineOutputTokens { get; init; }

    /// <summary>The relative change of output tokens over the baseline (0.3 = +30%).</summary>
    public double? OutputTokensIncrease { get; init; }

    /// <summary>True when any token figure was counted here rather than reported.</summary>
    public bool TokensEstimated { get; init; }

    /// <summary>This run's estimated cost in US dollars over the compared cases; null when a price is unknown.</summary>
    public double? Cost { get; init; }

    /// <summary>The baseline's estimated cost over the compared cases.</summary>
    public double? BaselineCost { get; init; }

    /// <summary>The relative change of the estimated cost.</summary>
    public double? CostIncrease { get; init; }

    /// <summary>Models whose price is not known.</summary>
    public IReadOnlyList<string> ModelsWithoutPrice { get; init; } = [];

    /// <summary>The 95th percentile of the answered cases' latencies, in milliseconds.</summary>
    public double? LatencyP95Ms { get; init; }

    /// <summary>Cases whose likelihood drift was measured.</summary>
    public int LikelihoodCases { get; init; }

    /// <summary>The measured shift of largest magnitude, nats per token.</summary>
    public double? LargestLikelihoodShift { get; init; }

    /// <summary>The mean KL divergence over the cases where it was measured.</summary>
    public double? MeanKlDivergence { get; init; }
}
