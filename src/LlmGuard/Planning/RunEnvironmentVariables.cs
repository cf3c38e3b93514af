namespace LlmGuard.Planning;

/// <summary>
/// The environment variables a run reads when its options leave a setting open, the same for <c>llmguard run</c> and
/// <c>dotnet test</c> (where they are the only way to set it).
/// </summary>
public static class RunEnvironmentVariables
{
    /// <summary><c>verify</c>, <c>update</c> or <c>replay</c>, when the run's options name no mode.</summary>
    public const string Mode = "LLMGUARD_MODE";

    /// <summary>A candidate model to run every suite against, when the run's options name none.</summary>
    public const string Model = "LLMGUARD_MODEL";

    /// <summary>A file to which every result is appended as JSON Lines, when the run's options name no results file.</summary>
    public const string Results = "LLMGUARD_RESULTS";

    /// <summary>How many times every case's request is sent, when the run's options say nothing.</summary>
    public const string Repeat = "LLMGUARD_REPEAT";

    /// <summary>The baseline of a compare run (a model name, or a results file), when the run's options name none.</summary>
    public const string Baseline = "LLMGUARD_BASELINE";

    /// <summary>The candidate of a compare run (a model name, or a results file), when the run's options name none.</summary>
    public const string Candidate = "LLMGUARD_CANDIDATE";

    /// <summary>The folder where judge answers and embedding vectors are cached, when the run's options name none.</summary>
    public const string Cache = "LLMGUARD_CACHE";

    /// <summary>
    /// The start of the variables naming report files, one per format: <c>LLMGUARD_REPORT_JSON</c>,
    /// <c>LLMGUARD_REPORT_MARKDOWN</c>, <c>LLMGUARD_REPORT_JUNIT</c>, <c>LLMGUARD_REPORT_HTML</c>. Several runs of one
    /// process (test classes under <c>dotnet test</c>) write one report together.
    /// </summary>
    public const string ReportPrefix = "LLMGUARD_REPORT_";
}
