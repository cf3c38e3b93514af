namespace LlmGuard.Equivalence;

/// <summary>A judge's answer to one request, as cached: the text and the model that gave it.</summary>
/// <param name="Text">The answer text.</param>
/// <param name="ResolvedModel">The model id the judge's answer named, if any.</param>
internal sealed record CachedJudgeAnswer(string Text, string? ResolvedModel);
