using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary><c>starts-with</c>: the output starts with the text.</summary>
internal sealed class StartsWithCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.StartsWith;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.Text is null)
        {
            return AssertionOutcome.Unusable("the assertion has no text");
        }

        var expected = LineEndings.ToLf(assertion.Text);
        return output.StartsWith(expected, StringComparison.Ordinal)
            ? AssertionOutcome.Held(() => $"expected the output not to start with {AssertionText.Quote(expected)}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}")
            : AssertionOutcome.Failed(() => $"expected the output to start with {AssertionText.Quote(expected)}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
    }
}
