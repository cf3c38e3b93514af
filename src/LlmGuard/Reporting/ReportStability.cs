namespace LlmGuard.Reporting;

/// <summary>How stable a repeated case's outputs are: TARr@k over the raw outputs, TARa@k over the extracted answers.</summary>
/// <param name="Runs">k, the runs that produced an output.</param>
/// <param name="DistinctOutputs">How many different raw outputs the runs gave.</param>
/// <param name="Tarr">TARr@k: the share of runs whose output equals the modal one.</param>
internal sealed record ReportStability(int Runs, int DistinctOutputs, double Tarr)
{
    /// <summary>TARa@k; null when the case declares no extractor.</summary>
    public double? Tara { get; init; }

    /// <summary>How many different extracted answers the runs gave; null when the case declares no extractor.</summary>
    public int? DistinctAnswers { get; init; }
}
