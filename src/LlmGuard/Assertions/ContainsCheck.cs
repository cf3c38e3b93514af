using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary><c>contains</c>: the output contains the text.</summary>
internal sealed class ContainsCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.Contains;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.Text is null)
        {
            return AssertionOutcome.Unusable("the assertion has no text");
        }

        var expected = LineEndings.ToLf(assertion.Text);
        var index = output.IndexOf(expected, StringComparison.Ordinal);
        return index >= 0
            ? AssertionOutcome.Held(() => $"expected the output not to contain {AssertionText.Quote(expected)}; found at character {Excerpt.CharacterPosition(output, index)}: \"{Excerpt.Around(output, index)}\"")
            : AssertionOutcome.Failed(() => $"expected the output to contain {AssertionText.Quote(expected)}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
    }
}
