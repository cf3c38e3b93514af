using LlmGuard.Comparison;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Comparison;

public sealed class AnswerComparerTests
{
    private static AnswerComparison Compare(string verified, string received, CompareOptions options, ToolCall[]? verifiedCalls = null, ToolCall[]? receivedCalls = null) =>
        AnswerComparer.Compare(new ModelAnswer(verified, verifiedCalls ?? []), new ModelAnswer(received, receivedCalls ?? []), options, [], "v.txt", "r.txt", maxDiffLines: 80);

    [Test]
    public void Json_mode_reports_every_difference_by_path_instead_of_a_line_diff()
    {
        var result = Compare(
            """{"items":[{"name":"a","price":10},{"name":"b","price":5},{"name":"c","price":10}],"total":25,"currency":"EUR"}""",
            """{"total":27,"items":[{"name":"a","price":10},{"name":"b","price":5},{"name":"c","price":12}],"note":"x"}""",
            new CompareOptions(CompareMode.Json));

        Assert.Multiple(() =>
        {
            Assert.That(result.Kind, Is.EqualTo(ComparisonKind.Different));
            Assert.That(result.Reason, Is.EqualTo("JSON differs at 4 paths: $.currency, $.items[2].price, $.note, …"));
            Assert.That(result.Diff, Is.EqualTo("""
                --- v.txt
                +++ r.txt
                $.currency: "EUR" → (missing)
                $.items[2].price: 10 → 12
                $.note: (missing) → "x"
                $.total: 25 → 27

                """.Replace("\r\n", "\n", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void Json_mode_falls_back_to_a_line_diff_when_an_answer_is_not_json()
    {
        var result = Compare("""{"a":1}""", "not json", new CompareOptions(CompareMode.Json));

        Assert.That(result.Diff, Does.Contain("-{\"a\":1}").And.Contain("+not json"));
    }

    [Test]
    public void Text_and_tool_call_differences_are_both_shown()
    {
        var result = Compare("Checking.", "Looking.", CompareOptions.Default,
            [new ToolCall("get_weather", """{"city":"Paris"}""")], [new ToolCall("get_weather", """{"city":"Lyon"}""")]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Kind, Is.EqualTo(ComparisonKind.Different));
            Assert.That(result.Reason, Is.EqualTo("text: first difference at line 1; the tool calls differ"));
            Assert.That(result.Diff, Does.Contain("-Checking.").And.Contain("tool calls (strict match): the tool calls differ\n  tool call 1 get_weather: $.city: \"Paris\" → \"Lyon\"\n"));
        });
    }

    [Test]
    public void The_same_text_with_calls_in_another_order_is_equivalent_under_unordered_matching()
    {
        ToolCall[] calls = [new("a", "{}"), new("b", "{}")];
        var result = Compare("x", "x", new CompareOptions { ToolCalls = new ToolCallComparison { Match = ToolCallMatch.Unordered } }, calls, [calls[1], calls[0]]);

        Assert.That((result.Kind, result.Reason, result.Diff), Is.EqualTo((ComparisonKind.Equivalent, ToolCallComparer.OrderReason, (string?)null)));
    }
}
