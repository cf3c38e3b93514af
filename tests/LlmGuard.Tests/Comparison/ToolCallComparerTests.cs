using LlmGuard.Comparison;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Comparison;

public sealed class ToolCallComparerTests
{
    private static readonly ToolCall Weather = new("get_weather", """{"city":"Paris","unit":"celsius"}""");
    private static readonly ToolCall Time = new("get_time", """{"zone":"Europe/Paris"}""");
    private static readonly ToolCall Book = new("book_table", """{"people":2}""");

    private static ToolCallDifference Compare(ToolCall[] verified, ToolCall[] received, ToolCallMatch match = ToolCallMatch.Strict) =>
        ToolCallComparer.Compare(verified, received, new ToolCallComparison { Match = match });

    [TestCase(ToolCallMatch.Strict)]
    [TestCase(ToolCallMatch.Unordered)]
    [TestCase(ToolCallMatch.Subset)]
    [TestCase(ToolCallMatch.Superset)]
    public void The_same_calls_are_identical_in_every_mode(ToolCallMatch match) =>
        Assert.That(Compare([Weather, Time], [Weather, Time], match).Kind, Is.EqualTo(ToolCallComparisonKind.Identical));

    [TestCase(ToolCallMatch.Strict, false)]
    [TestCase(ToolCallMatch.Unordered, true)]
    [TestCase(ToolCallMatch.Subset, true)]
    [TestCase(ToolCallMatch.Superset, true)]
    public void Another_order_is_equivalent_except_in_strict_mode(ToolCallMatch match, bool equivalent)
    {
        var result = Compare([Weather, Time], [Time, Weather], match);

        Assert.That(result.Kind, Is.EqualTo(equivalent ? ToolCallComparisonKind.Equivalent : ToolCallComparisonKind.Different));
        if (equivalent)
        {
            Assert.That(result.Reason, Is.EqualTo(ToolCallComparer.OrderReason));
        }
        else
        {
            Assert.That(result.Lines, Does.Contain("tool call 1 get_weather (received as call 2): the same call, in another position"));
        }
    }

    [TestCase(ToolCallMatch.Strict, false)]
    [TestCase(ToolCallMatch.Unordered, false)]
    [TestCase(ToolCallMatch.Subset, true)]
    [TestCase(ToolCallMatch.Superset, false)]
    public void A_call_left_out(ToolCallMatch match, bool equivalent)
    {
        var result = Compare([Weather, Time], [Weather], match);

        Assert.That(result.Kind, Is.EqualTo(equivalent ? ToolCallComparisonKind.Equivalent : ToolCallComparisonKind.Different));
        if (!equivalent)
        {
            Assert.That(result.Lines, Is.EqualTo(new[] { "tool call 2 get_time: missing in received {\"zone\":\"Europe/Paris\"}" }));
        }
        else
        {
            Assert.That(result.Reason, Is.EqualTo(ToolCallComparer.FewerCallsReason));
        }
    }

    [TestCase(ToolCallMatch.Strict, false)]
    [TestCase(ToolCallMatch.Unordered, false)]
    [TestCase(ToolCallMatch.Subset, false)]
    [TestCase(ToolCallMatch.Superset, true)]
    public void A_call_added(ToolCallMatch match, bool equivalent)
    {
        var result = Compare([Weather], [Weather, Book], match);

        Assert.That(result.Kind, Is.EqualTo(equivalent ? ToolCallComparisonKind.Equivalent : ToolCallComparisonKind.Different));
        if (!equivalent)
        {
            Assert.That(result.Lines, Is.EqualTo(new[] { "tool call 2 book_table: only in received {\"people\":2}" }));
        }
        else
        {
            Assert.That(result.Reason, Is.EqualTo(ToolCallComparer.MoreCallsReason));
        }
    }

    [Test]
    public void A_moved_argument_is_named_with_its_call_and_path()
    {
        var result = Compare([Weather, Time], [new ToolCall("get_weather", """{"city":"Lyon","unit":"celsius","days":[1,{"x":2}]}"""), Time]);

        Assert.Multiple(() =>
        {
            Assert.That(result.Kind, Is.EqualTo(ToolCallComparisonKind.Different));
            Assert.That(result.Lines, Is.EqualTo(new[]
            {
                "tool call 1 get_weather: $.city: \"Paris\" → \"Lyon\"",
                "tool call 1 get_weather: $.days: (missing) → [1,{\"x\":2}]",
            }));
        });
    }

    [Test]
    public void Unordered_matching_finds_a_pairing_a_greedy_one_would_miss()
    {
        // With a tolerance, the first received call matches both recorded ones; only one pairing matches all.
        var options = new ToolCallComparison
        {
            Match = ToolCallMatch.Unordered,
            Tolerance = [new(new ToolArgumentSelector(null, ["x"]), 1.0)],
        };
        ToolCall[] verified = [new("f", """{"x":1}"""), new("f", """{"x":2}""")];
        ToolCall[] received = [new("f", """{"x":1.5}"""), new("f", """{"x":0.5}""")];

        var result = ToolCallComparer.Compare(verified, received, options);

        Assert.That(result.Kind, Is.EqualTo(ToolCallComparisonKind.Equivalent));
        Assert.That(result.Reason, Does.Contain(ToolCallComparer.ToleranceReason));
    }

    [Test]
    public void Ignored_arguments_and_tolerances_apply_to_their_tool_or_to_every_tool()
    {
        var options = new ToolCallComparison
        {
            Ignore = [new ToolArgumentSelector(null, ["request_id"])],
            Tolerance = [new(new ToolArgumentSelector("get_weather", ["location", "lat"]), 0.01)],
        };
        ToolCall[] verified = [new("get_weather", """{"location":{"lat":48.85},"request_id":"a"}"""), new("get_time", """{"lat":1,"request_id":"a"}""")];

        var within = ToolCallComparer.Compare(verified, [new("get_weather", """{"location":{"lat":48.855},"request_id":"b"}"""), new("get_time", """{"lat":1,"request_id":"c"}""")], options);
        var beyond = ToolCallComparer.Compare(verified, [new("get_weather", """{"location":{"lat":48.9},"request_id":"b"}"""), new("get_time", """{"lat":1.005,"request_id":"c"}""")], options);

        Assert.Multiple(() =>
        {
            Assert.That(within.Kind, Is.EqualTo(ToolCallComparisonKind.Equivalent));
            Assert.That(within.Reason, Is.EqualTo("ignored tool call arguments, tool call arguments within tolerance"));
            Assert.That(beyond.Kind, Is.EqualTo(ToolCallComparisonKind.Different));
            Assert.That(beyond.Lines, Is.EqualTo(new[]
            {
                "tool call 1 get_weather: $.location.lat: 48.85 → 48.9",
                "tool call 2 get_time: $.lat: 1 → 1.005",
            }), "the tolerance is get_weather's only");
        });
    }

    [Test]
    public void Malformed_arguments_compare_as_text()
    {
        var malformed = new ToolCall("get_weather", """{"city": "Par""") { ArgumentsValid = false };

        Assert.Multiple(() =>
        {
            Assert.That(Compare([malformed], [malformed with { }]).Kind, Is.EqualTo(ToolCallComparisonKind.Identical));
            Assert.That(Compare([malformed], [Weather]).Lines.Single(), Does.StartWith("tool call 1 get_weather: arguments (not valid JSON) {\"city\": \"Par → {\"city\":\"Paris\""));
        });
    }

    [Test]
    public void A_different_tool_at_the_same_position_is_named()
    {
        var result = Compare([Weather], [Book]);

        Assert.That(result.Lines, Is.EqualTo(new[] { "tool call 1 get_weather: missing in received {\"city\":\"Paris\",\"unit\":\"celsius\"}", "tool call 1 book_table: only in received {\"people\":2}" }));
    }
}
