using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Assertions;

/// <summary>One kind of <c>expect</c> assertion; <see cref="AssertionEvaluator"/> applies the negation and words the failure.</summary>
internal interface IAssertionCheck
{
    /// <summary>The kind this check evaluates.</summary>
    AssertionKind Kind { get; }

    /// <summary>Whether the plain (not negated) form holds for the answer, with the messages for either form failing.</summary>
    /// <param name="answer">The answer: its text (line endings normalized to LF) and its tool calls.</param>
    /// <param name="assertion">The assertion with its arguments.</param>
    AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion);
}
