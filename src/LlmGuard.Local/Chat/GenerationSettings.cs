using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Chat;

/// <summary>One request's generation limits and sampling, resolved from ChatOptions and the client's defaults.</summary>
internal sealed record GenerationSettings(int MaxOutputTokens, IReadOnlyList<string> StopSequences, SamplingSettings Sampling, bool TrimLeadingWhitespace);
