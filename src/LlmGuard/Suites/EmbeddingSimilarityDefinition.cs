namespace LlmGuard.Suites;

/// <summary>The embedding step: outputs whose embeddings' cosine similarity reaches the threshold are equivalent; below it the next step decides.</summary>
/// <param name="Threshold">The lowest cosine similarity (-1 to 1) taken as equivalent; specific to the embedding model.</param>
public sealed record EmbeddingSimilarityDefinition(double Threshold)
{
    /// <summary>Where the step was declared.</summary>
    public SourceLocation Location { get; init; }
}
