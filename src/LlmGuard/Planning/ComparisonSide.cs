namespace LlmGuard.Planning;

/// <summary>
/// One side of a comparison: a live model (run with each suite's target, its model and optionally its provider replaced) or
/// the outputs recorded in an earlier results file (<c>--results</c>, JSON Lines).
/// </summary>
public sealed record ComparisonSide
{
    /// <summary>The model to run, for a live side.</summary>
    public string? Model { get; init; }

    /// <summary>The provider to run the model with, for a live side; each suite's own provider when null.</summary>
    public string? Provider { get; init; }

    /// <summary>The results file whose outputs this side takes, for a recorded side.</summary>
    public string? ResultsPath { get; init; }

    /// <summary>Whether the side is read from a results file.</summary>
    public bool IsRecorded => ResultsPath is not null;

    /// <summary>A live model.</summary>
    public static ComparisonSide Live(string model, string? provider = null) => new() { Model = model, Provider = provider };

    /// <summary>The outputs of a results file.</summary>
    public static ComparisonSide Recorded(string resultsPath) => new() { ResultsPath = resultsPath };

    /// <summary>
    /// Reads the command-line form: a path to an existing file, or one ending in <c>.jsonl</c>, is a results file; anything
    /// else a model name (run with each suite's own provider unless <paramref name="provider"/> is given).
    /// </summary>
    public static ComparisonSide Parse(string text, string? provider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return File.Exists(text) || text.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? Recorded(text)
            : Live(text, provider);
    }

    /// <inheritdoc />
    public override string ToString() =>
        ResultsPath is not null ? $"results file {ResultsPath}" : Provider is null ? $"model {Model}" : $"model {Provider}/{Model}";
}
