using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary><c>one-of</c>: the trimmed output is one of the listed texts.</summary>
internal sealed class OneOfCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.OneOf;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.Values.Count == 0)
        {
            return AssertionOutcome.Unusable("the assertion has no values");
        }

        var trimmed = output.Trim();
        var values = string.Join(", ", assertion.Values.Select(AssertionText.Quote));
        var match = assertion.Values.FirstOrDefault(value => LineEndings.ToLf(value) == trimmed);
        return match is not null
            ? AssertionOutcome.Held(() => $"expected the output (trimmed) not to be any of {values}; it is {AssertionText.Quote(match)}")
            : AssertionOutcome.Failed(() => $"expected the output (trimmed) to be one of {values}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
    }
}
