using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary><c>is-json</c>: the output (without a Markdown code fence around it) parses as JSON.</summary>
internal sealed class IsJsonCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.IsJson;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        using var document = JsonText.TryParse(output, out var error);

        // The messages are built after the document is disposed: read what they need now.
        var kind = document?.RootElement.ValueKind;
        return kind is { } parsedKind
            ? AssertionOutcome.Held(() => $"expected the output not to be valid JSON; it parses as a JSON {JsonText.DescribeKind(parsedKind)}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}")
            : AssertionOutcome.Failed(() => $"expected the output to be valid JSON; it is not ({error}); actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
    }
}
