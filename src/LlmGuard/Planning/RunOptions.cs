namespace LlmGuard.Planning;

/// <summary>How to run a suite set. Settings left null are read from the environment (<see cref="RunEnvironmentVariables"/>).</summary>
public sealed record RunOptions
{
    /// <summary>How many cases may call models at once unless told otherwise (the CLI's <c>--concurrency</c> default).</summary>
    public const int DefaultConcurrency = 4;

    /// <summary>The mode; when null, <c>LLMGUARD_MODE</c>, else <see cref="RunMode.Verify"/>.</summary>
    public RunMode? Mode { get; init; }

    /// <summary>Which cases to run.</summary>
    public CaseSelection Selection { get; init; } = CaseSelection.All;

    /// <summary>How many cases may call models at once (a target's own <c>concurrency</c> can lower it further).</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>
    /// Runs every selected suite against this model instead of its own (e.g. a candidate or fine-tuned model),
    /// comparing with the snapshots recorded for the suite's model. Pins do not apply to the replacement. When null,
    /// <c>LLMGUARD_MODEL</c>, else each suite's own model.
    /// </summary>
    public string? ModelOverride { get; init; }

    /// <summary>
    /// A file to write every result to as JSON Lines, as cases finish, then the verdict (replaced if it exists). When
    /// null, results are appended to the file named by <c>LLMGUARD_RESULTS</c>, if any.
    /// </summary>
    public string? ResultsPath { get; init; }

    /// <summary>
    /// Reports to write when the run finishes (each file replaced). Reports named by the environment
    /// (<see cref="RunEnvironmentVariables.ReportPrefix"/>) are written as well.
    /// </summary>
    public IReadOnlyList<ReportRequest> Reports { get; init; } = [];

    /// <summary>Runs only this part of the selected cases (a CI matrix job); null runs them all.</summary>
    public RunShard? Shard { get; init; }

    /// <summary>
    /// How many times every selected case's request is sent, over each case's own <c>repeat</c>; when null,
    /// <c>LLMGUARD_REPEAT</c>, else each case's <c>repeat</c> (once by default; <see cref="DefaultCalibrationRepeat"/> to calibrate).
    /// </summary>
    public int? Repeat { get; init; }

    /// <summary>The baseline of a <see cref="RunMode.Compare"/> run; when null, <c>LLMGUARD_BASELINE</c>.</summary>
    public ComparisonSide? Baseline { get; init; }

    /// <summary>The candidate of a <see cref="RunMode.Compare"/> run; when null, <c>LLMGUARD_CANDIDATE</c>, else <see cref="ModelOverride"/>, else each suite's own model.</summary>
    public ComparisonSide? Candidate { get; init; }

    /// <summary>
    /// The folder where judge answers and embedding vectors are cached between runs; when null, <c>LLMGUARD_CACHE</c>, else
    /// <c>.llmguard-cache</c> beside the snapshot folder.
    /// </summary>
    public string? CachePath { get; init; }

    /// <summary>How many runs a calibration makes per case unless told otherwise.</summary>
    public const int DefaultCalibrationRepeat = 10;

    /// <summary>The longest diff shown for a changed case, in lines.</summary>
    public int MaxDiffLines { get; init; } = 80;
}
