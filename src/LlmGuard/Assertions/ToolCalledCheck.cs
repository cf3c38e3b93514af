using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Assertions;

/// <summary><c>tool-called</c>: the answer calls the named tool (at least once).</summary>
internal sealed class ToolCalledCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.ToolCalled;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        if (assertion.Text is not { } tool)
        {
            return AssertionOutcome.Unusable("the assertion names no tool");
        }

        var calls = answer.ToolCalls.Count(call => call.Name == tool);
        return calls > 0
            ? AssertionOutcome.Held(() => $"expected no call of '{tool}'; the answer calls it {Times(calls)}: {ToolCallText.List(answer.ToolCalls)}")
            : AssertionOutcome.Failed(() => $"expected a call of '{tool}'; the answer {(answer.ToolCalls.Count == 0 ? "calls no tool" : "calls " + ToolCallText.List(answer.ToolCalls))}{ToolCallText.TextPart(answer)}");
    }

    private static string Times(int count) => count == 1 ? "once" : $"{count} times";
}
