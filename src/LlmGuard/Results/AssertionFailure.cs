using LlmGuard.Suites;

namespace LlmGuard.Results;

/// <summary>An assertion that did not hold, with a message naming it, what was expected and an excerpt of the output.</summary>
public sealed record AssertionFailure(AssertionDefinition Assertion, string Message);
