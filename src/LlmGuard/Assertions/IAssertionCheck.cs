using LlmGuard.Suites;

namespace LlmGuard.Assertions;

/// <summary>One kind of <c>expect</c> assertion; <see cref="AssertionEvaluator"/> applies the negation and words the failure.</summary>
internal interface IAssertionCheck
{
    /// <summary>The kind this check evaluates.</summary>
    AssertionKind Kind { get; }

    /// <summary>Whether the plain (not negated) form holds for the output, with the messages for either form failing.</summary>
    /// <param name="output">The output, line endings normalized to LF.</param>
    /// <param name="assertion">The assertion with its arguments.</param>
    AssertionOutcome Check(string output, AssertionDefinition assertion);
}
