namespace LlmGuard.Local.Inference;

/// <summary>
/// One adapter's low-rank update of a matrix: <c>Multiplier × B·(A·x)</c>. For an embedding (<see cref="Embedding"/>)
/// A holds one r-vector per token and the update of row t is <c>Multiplier × B·A[t]</c>.
/// </summary>
internal sealed record LoraDelta(WeightMatrix A, WeightMatrix B, float Multiplier, bool Embedding);
