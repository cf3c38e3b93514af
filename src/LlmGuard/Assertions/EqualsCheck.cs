using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary><c>equals</c>: the output is exactly the text (line endings normalized).</summary>
internal sealed class EqualsCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.EqualsText;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.Text is null)
        {
            return AssertionOutcome.Unusable("the assertion has no text");
        }

        var expected = LineEndings.ToLf(assertion.Text);
        if (output == expected)
        {
            return AssertionOutcome.Held(() => $"expected the output not to equal {AssertionText.Quote(expected)}; actual {AssertionText.Describe(output)} is exactly that text");
        }

        var index = AssertionText.FirstDifference(output, expected);
        return AssertionOutcome.Failed(() =>
            $"expected the output to equal {AssertionText.Quote(expected)}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}; first difference at character {Excerpt.CharacterPosition(output, index)}: \"{Excerpt.Around(output, index)}\"");
    }
}
