namespace LlmGuard.Results;

/// <summary>Why a provider call produced no output.</summary>
/// <param name="Kind">A short stable kind: <c>timeout</c>, <c>http</c>, <c>network</c>, <c>malformed-response</c>, <c>auth</c>, <c>cancelled</c>, <c>error</c>.</param>
/// <param name="Message">The provider's message, with secrets scrubbed.</param>
/// <param name="StatusCode">The HTTP status, when there was one.</param>
public sealed record ProviderFailure(string Kind, string Message, int? StatusCode = null)
{
    /// <summary>
    /// The key under which a provider adapter may store an already classified failure in
    /// <see cref="Exception.Data"/>, so the engine reports it as is.
    /// </summary>
    public const string DataKey = "llmguard.failure";

    /// <summary>Which model failed: <c>model</c> (the case's own), <c>baseline</c> (the baseline side of a comparison), <c>judge</c> or <c>embedding</c>.</summary>
    public string Source { get; init; } = "model";
}
