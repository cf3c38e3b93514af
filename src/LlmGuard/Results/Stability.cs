namespace LlmGuard.Results;

/// <summary>
/// How stable a case's repeated outputs are (Atil et al., 2024): TARr@k is the share of the k runs whose raw output equals
/// the modal (most frequent) one; TARa@k the same over the extracted answers, when the case declares an extractor.
/// </summary>
/// <param name="Runs">k, the number of runs that produced an output.</param>
/// <param name="DistinctOutputs">How many different raw outputs the runs gave.</param>
/// <param name="Tarr">TARr@k, from 1/k to 1.</param>
public sealed record Stability(int Runs, int DistinctOutputs, double Tarr)
{
    /// <summary>TARa@k; null when the case declares no extractor.</summary>
    public double? Tara { get; init; }

    /// <summary>How many different extracted answers the runs gave; null when the case declares no extractor.</summary>
    public int? DistinctAnswers { get; init; }
}
