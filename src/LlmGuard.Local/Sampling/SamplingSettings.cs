namespace LlmGuard.Local.Sampling;

/// <summary>How the next token is chosen: greedy when <see cref="Temperature"/> is 0 or less, otherwise top-k / top-p sampling.</summary>
internal sealed record SamplingSettings(float Temperature, int TopK, float TopP, long Seed);
