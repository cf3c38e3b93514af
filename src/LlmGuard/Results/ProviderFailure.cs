namespace LlmGuard.Results;

/// <summary>Why a provider call produced no output.</summary>
/// <param name="Kind">A short stable kind: <c>timeout</c>, <c>http</c>, <c>network</c>, <c>malformed-response</c>, <c>auth</c>, <c>cancelled</c>, <c>error</c>.</param>
/// <param name="Message">The provider's message, with secrets scrubbed.</param>
/// <param name="StatusCode">The HTTP status, when there was one.</param>
public sealed record ProviderFailure(string Kind, string Message, int? StatusCode = null);
