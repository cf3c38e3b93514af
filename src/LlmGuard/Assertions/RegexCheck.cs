using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;
using System.Text.RegularExpressions;

namespace LlmGuard.Assertions;

/// <summary><c>regex</c>: the output matches the .NET regular expression (with the run's regex timeout).</summary>
internal sealed class RegexCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.Regex;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.Text is null)
        {
            return AssertionOutcome.Unusable("the assertion has no pattern");
        }

        Regex regex;
        try
        {
            regex = RegexCache.Get(assertion.Text);
        }
        catch (ArgumentException exception)
        {
            return AssertionOutcome.Unusable($"the pattern {AssertionText.Quote(assertion.Text)} is not a valid .NET regular expression: {exception.Message}");
        }

        Match match;
        try
        {
            match = regex.Match(output);
        }
        catch (RegexMatchTimeoutException)
        {
            return AssertionOutcome.Unusable(
                $"the pattern {AssertionText.Quote(assertion.Text)} took longer than {RegexCache.DescribeTimeout()} on the output {AssertionText.Describe(output)} and was abandoned (it probably backtracks catastrophically); the assertion could not be evaluated");
        }

        return match.Success
            ? AssertionOutcome.Held(() => $"expected the output not to match the regex {AssertionText.Quote(assertion.Text)}; matched at character {Excerpt.CharacterPosition(output, match.Index)}: {AssertionText.Quote(match.Value)}")
            : AssertionOutcome.Failed(() => $"expected the output to match the regex {AssertionText.Quote(assertion.Text)}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
    }
}
