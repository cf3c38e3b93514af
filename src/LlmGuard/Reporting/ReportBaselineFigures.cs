namespace LlmGuard.Reporting;

/// <summary>What the baseline answer cost (counted from the verified snapshot), to compare a case's tokens and cost with.</summary>
internal sealed record ReportBaselineFigures
{
    /// <summary>The baseline model whose price applied.</summary>
    public string? Model { get; init; }

    /// <summary>The baseline request's tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>The baseline answer's tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>True when counted with a tokenizer rather than reported.</summary>
    public bool Estimated { get; init; }

    /// <summary>The estimated cost in US dollars; null when the model's price is not known.</summary>
    public double? EstimatedCost { get; init; }
}
