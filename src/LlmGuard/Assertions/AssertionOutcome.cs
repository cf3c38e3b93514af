namespace LlmGuard.Assertions;

/// <summary>
/// Whether an assertion's plain form holds, the messages for a failing plain or negated form (built only when reported:
/// they quote and measure the whole output, which dominated the cost of passing assertions), or why it cannot be evaluated.
/// </summary>
internal readonly record struct AssertionOutcome(bool Holds, Func<string> Failure, Func<string> NegatedFailure, string? Error)
{
    private static readonly Func<string> NoMessage = () => "";

    /// <summary>The plain form holds; the negated form fails with the message.</summary>
    public static AssertionOutcome Held(Func<string> negatedFailure) => new(true, NoMessage, negatedFailure, null);

    /// <summary>The plain form fails with the message; the negated form holds.</summary>
    public static AssertionOutcome Failed(Func<string> failure) => new(false, failure, NoMessage, null);

    /// <summary>The assertion cannot be evaluated: both forms fail with this reason.</summary>
    public static AssertionOutcome Unusable(string error) => new(false, NoMessage, NoMessage, error);
}
