namespace LlmGuard.Results;

/// <summary>The tokens a provider reports for one call; each count is null when the provider does not report it.</summary>
/// <param name="Input">Tokens in the request (prompt).</param>
/// <param name="Output">Tokens in the answer.</param>
/// <param name="Total">All tokens of the call, as the provider counts them.</param>
public sealed record TokenUsage(long? Input, long? Output, long? Total);
