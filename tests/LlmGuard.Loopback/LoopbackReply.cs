namespace LlmGuard.Loopback;

/// <summary>
/// What the loopback server answers to one prompt: text, tool calls (arguments as raw text, so a test can send malformed
/// JSON), token usage and per-token log-probabilities (sent only when the request asks for them).
/// </summary>
public sealed record LoopbackReply(string? Text)
{
    /// <summary>Tool calls as (name, arguments text); several make parallel calls.</summary>
    public IReadOnlyList<(string Name, string Arguments)> ToolCalls { get; init; } = [];

    /// <summary>Prompt and completion tokens reported; null sends no usage at all.</summary>
    public (int Prompt, int Completion)? Usage { get; init; } = (19, 10);

    /// <summary>Tokens and their log-probabilities, returned when the request sets <c>logprobs</c>; null: none even then.</summary>
    public IReadOnlyList<(string Token, double LogProbability)>? LogProbabilities { get; init; }

    public static implicit operator LoopbackReply(string text) => new(text);
}
