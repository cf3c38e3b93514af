using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary><c>min-length</c> and <c>max-length</c>: the output has at least (at most) so many characters (Unicode scalar values).</summary>
internal sealed class LengthCheck(bool atLeast) : IAssertionCheck
{
    public AssertionKind Kind => atLeast ? AssertionKind.MinLength : AssertionKind.MaxLength;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.Length is not { } bound)
        {
            return AssertionOutcome.Unusable("the assertion has no length");
        }

        var length = Excerpt.CountCharacters(output);
        string Actual() => $"actual ({length} chars): {AssertionText.Quote(output)}";
        return atLeast
            ? new AssertionOutcome(length >= bound, () => $"expected the output to have at least {bound} characters; {Actual()}", () => $"expected the output to have fewer than {bound} characters; {Actual()}", null)
            : new AssertionOutcome(length <= bound, () => $"expected the output to have at most {bound} characters; {Actual()}", () => $"expected the output to have more than {bound} characters; {Actual()}", null);
    }
}
