namespace LlmGuard.Suites;

/// <summary>A loaded, validated suite.</summary>
public sealed record Suite
{
    /// <summary>The suite id; also the name of its snapshot folder.</summary>
    public required string Id { get; init; }

    /// <summary>What the suite checks.</summary>
    public string? Description { get; init; }

    /// <summary>The model the suite runs against.</summary>
    public required TargetDefinition Target { get; init; }

    /// <summary>The judge model of the suite's <c>judge</c> comparison steps; null when none is declared.</summary>
    public TargetDefinition? Judge { get; init; }

    /// <summary>The embedding model of the suite's <c>embedding</c> comparison steps; null when none is declared.</summary>
    public TargetDefinition? Embedding { get; init; }

    /// <summary>The gate policy.</summary>
    public GateDefinition Gate { get; init; } = GateDefinition.Default;

    /// <summary>The tools declared for every case (<c>tools</c>), in declaration order.</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>Prices per model (<c>prices</c>), over the built-in defaults, keyed by model name.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Prices { get; init; } = new SortedDictionary<string, ModelPrice>(StringComparer.Ordinal);

    /// <summary>The cases, in file order.</summary>
    public required IReadOnlyList<SuiteCase> Cases { get; init; }

    /// <summary>Where the suite id was written.</summary>
    public SourceLocation IdLocation { get; init; }

    /// <summary>The full path of the suite file.</summary>
    public required string FilePath { get; init; }
}
