namespace LlmGuard.Local.Inference;

/// <summary>The weights of one transformer block.</summary>
internal sealed record LayerWeights(
    float[] AttentionNorm,
    WeightMatrix Query,
    WeightMatrix Key,
    WeightMatrix Value,
    WeightMatrix AttentionOutput,
    float[] FeedForwardNorm,
    WeightMatrix Gate,
    WeightMatrix Up,
    WeightMatrix Down);
