namespace LlmGuard.Results;

/// <summary>The tokens of one request and its answer.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Answer tokens.</param>
/// <param name="Estimated">
/// True when the provider reported no usage and the tokens were counted here (with the o200k_base tokenizer of
/// Microsoft.ML.Tokenizers, the one of OpenAI's current models), so they approximate the model's own count.
/// </param>
public sealed record TokenUsage(long InputTokens, long OutputTokens, bool Estimated = false)
{
    /// <inheritdoc />
    public override string ToString() => $"{InputTokens} in / {OutputTokens} out{(Estimated ? " (estimated)" : "")}";
}
