using LlmGuard.Comparison;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Comparison;

public sealed class OutputComparerTests
{
    private static readonly CompareOptions Exact = CompareOptions.Default;
    private static readonly CompareOptions Normalized = new(CompareMode.Normalized);
    private static readonly CompareOptions NormalizedIgnoringCase = new(CompareMode.Normalized, IgnoreCase: true);
    private static readonly CompareOptions Json = new(CompareMode.Json);
    private static readonly ScrubberDefinition[] NoScrubbers = [];
    private static readonly ScrubberDefinition[] GuidsAndDates = [new() { BuiltIn = BuiltInScrubber.Guids }, new() { BuiltIn = BuiltInScrubber.Dates }];

    [Test]
    public void The_same_text_is_identical()
    {
        Assert.That(OutputComparer.Compare("Paris\n", "Paris\n", Exact, NoScrubbers), Is.EqualTo(new OutputComparison(ComparisonKind.Identical)));
    }

    [Test]
    public void Texts_differing_only_in_line_endings_are_identical()
    {
        Assert.That(OutputComparer.Compare("a\nb\n", "a\r\nb\r\n", Exact, NoScrubbers).Kind, Is.EqualTo(ComparisonKind.Identical));
    }

    [Test]
    public void In_exact_mode_a_different_text_is_different_and_names_the_line()
    {
        Assert.That(OutputComparer.Compare("one\ntwo\nthree", "one\ntwo\nfour", Exact, NoScrubbers),
            Is.EqualTo(new OutputComparison(ComparisonKind.Different, "first difference at line 3")));
    }

    [Test]
    public void In_exact_mode_whitespace_matters()
    {
        Assert.That(OutputComparer.Compare("a b", "a  b", Exact, NoScrubbers).Kind, Is.EqualTo(ComparisonKind.Different));
    }

    [Test]
    public void Texts_differing_only_in_scrubbed_values_are_equivalent()
    {
        var result = OutputComparer.Compare(
            "Created 3f2504e0-4f89-11d3-9a0c-0305e82c3301 on 2024-05-01T10:20:30Z",
            "Created 9f8c1a2b-0d3e-4f5a-8b7c-6d5e4f3a2b1c on 2025-02-03T04:05:06Z",
            Exact,
            GuidsAndDates);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "scrubbed values")));
    }

    [Test]
    public void Scrubbers_do_not_hide_real_differences()
    {
        var result = OutputComparer.Compare("id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 ok", "id 9f8c1a2b-0d3e-4f5a-8b7c-6d5e4f3a2b1c failed", Exact, GuidsAndDates);

        Assert.That(result.Kind, Is.EqualTo(ComparisonKind.Different));
    }

    [Test]
    public void Normalized_mode_ignores_whitespace()
    {
        var result = OutputComparer.Compare("The answer is\n  42.  \n", "The answer  is 42.", Normalized, NoScrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "whitespace")));
    }

    [Test]
    public void Normalized_mode_ignores_trailing_whitespace_on_each_line()
    {
        Assert.That(OutputComparer.Compare("a  \nb\t\n", "a\nb", Normalized, NoScrubbers).Reason, Is.EqualTo("whitespace"));
    }

    [Test]
    public void Normalized_mode_ignores_letter_case_only_when_asked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OutputComparer.Compare("Paris", "PARIS", NormalizedIgnoringCase, NoScrubbers), Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "letter case")));
            Assert.That(OutputComparer.Compare("Paris", "PARIS", Normalized, NoScrubbers),
                Is.EqualTo(new OutputComparison(ComparisonKind.Different, "the outputs differ beyond whitespace and Unicode normalization")));
        });
    }

    [Test]
    public void Normalized_mode_names_every_ignored_difference()
    {
        var result = OutputComparer.Compare("Paris  is nice on 2024-05-01", "PARIS is nice on 2025-06-30\n", NormalizedIgnoringCase, GuidsAndDates);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "scrubbed values, whitespace, letter case")));
    }

    [Test]
    public void Normalized_mode_treats_decomposed_and_composed_Unicode_as_equivalent()
    {
        // "é" as U+00E9 versus "e" + U+0301 COMBINING ACUTE ACCENT. Needs ICU: the test project turns InvariantGlobalization off.
        var result = OutputComparer.Compare("Caf\u00e9", "Cafe\u0301", Normalized, NoScrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "Unicode normalization")));
    }

    [Test]
    public void In_exact_mode_Unicode_normalization_matters()
    {
        Assert.That(OutputComparer.Compare("Caf\u00e9", "Cafe\u0301", Exact, NoScrubbers).Kind, Is.EqualTo(ComparisonKind.Different));
    }

    [Test]
    public void Normalized_mode_reports_a_real_difference()
    {
        Assert.That(OutputComparer.Compare("The capital is Paris.", "The capital is Lyon.", NormalizedIgnoringCase, NoScrubbers),
            Is.EqualTo(new OutputComparison(ComparisonKind.Different, "the outputs differ beyond whitespace, letter case and Unicode normalization")));
    }

    [Test]
    public void Json_mode_ignores_key_order()
    {
        var result = OutputComparer.Compare("{\"name\":\"Ada\",\"age\":36}", "{\"age\":36,\"name\":\"Ada\"}", Json, NoScrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "JSON key order")));
    }

    [Test]
    public void Json_mode_ignores_formatting()
    {
        var result = OutputComparer.Compare("{\"a\": [1, 2.0, 3e0]}", "{\n  \"a\": [\n    1.0,\n    2,\n    3\n  ]\n}", Json, NoScrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "JSON formatting")));
    }

    [Test]
    public void Json_mode_tolerates_an_enclosing_code_fence()
    {
        var result = OutputComparer.Compare("{\"a\":1}", "```json\n{\"a\": 1}\n```\n", Json, NoScrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "JSON formatting")));
    }

    [Test]
    public void In_json_mode_array_order_matters()
    {
        var result = OutputComparer.Compare("{\"tags\":[\"a\",\"b\"]}", "{\"tags\":[\"b\",\"a\"]}", Json, NoScrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Different, "JSON differs at $.tags[0] (verified \"a\", received \"b\")")));
    }

    [TestCase("{\"a\":\"x\"}", "{\"a\":\"X\"}", "JSON differs at $.a (verified \"x\", received \"X\")")]
    [TestCase("{\"a\":1}", "{\"a\":1.5}", "JSON differs at $.a (verified 1, received 1.5)")]
    [TestCase("{\"a\":1}", "{\"a\":\"1\"}", "JSON differs at $.a (verified 1, received \"1\")")]
    [TestCase("{\"a\":1}", "{\"a\":1,\"b\":2}", "JSON differs at $.b (only in received)")]
    [TestCase("{\"a\":1,\"first name\":2}", "{\"a\":1}", "JSON differs at $[\"first name\"] (missing in received)")]
    [TestCase("[1,2,3]", "[1,2]", "JSON differs at $ (verified has 3 items, received 2)")]
    [TestCase("{\"a\":true}", "{\"a\":false}", "JSON differs at $.a (verified true, received false)")]
    public void Json_mode_names_the_path_of_a_real_difference(string verified, string received, string reason)
    {
        Assert.That(OutputComparer.Compare(verified, received, Json, NoScrubbers), Is.EqualTo(new OutputComparison(ComparisonKind.Different, reason)));
    }

    [Test]
    public void Json_mode_compares_large_and_precise_numbers_by_exact_value()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OutputComparer.Compare("[0.1000000000000000000001]", "[0.1]", Json, NoScrubbers).Kind, Is.EqualTo(ComparisonKind.Different));
            Assert.That(OutputComparer.Compare("[1e300]", "[1.0e300 ]", Json, NoScrubbers).Kind, Is.EqualTo(ComparisonKind.Equivalent));
            Assert.That(OutputComparer.Compare("[1e300]", "[2e300]", Json, NoScrubbers).Kind, Is.EqualTo(ComparisonKind.Different));
        });
    }

    [Test]
    public void In_json_mode_a_received_output_that_is_not_json_is_different()
    {
        var result = OutputComparer.Compare("{\"a\":1}", "Sure! Here is the JSON: {\"a\":1}", Json, NoScrubbers);

        Assert.Multiple(() =>
        {
            Assert.That(result.Kind, Is.EqualTo(ComparisonKind.Different));
            Assert.That(result.Reason, Does.StartWith("received output is not valid JSON: ").And.Contain("'S'"));
        });
    }

    [Test]
    public void In_json_mode_a_verified_output_that_is_not_json_is_reported()
    {
        var result = OutputComparer.Compare("not json", "{\"a\":1}", Json, NoScrubbers);

        Assert.That(result.Reason, Does.StartWith("verified output is not valid JSON: "));
    }

    [Test]
    public void In_json_mode_scrubbers_apply_to_values_without_breaking_the_json()
    {
        ScrubberDefinition[] scrubbers = [new() { BuiltIn = BuiltInScrubber.Guids }, new() { BuiltIn = BuiltInScrubber.LongNumbers }];

        var result = OutputComparer.Compare(
            "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\",\"ticket\":1234567,\"n\":1}",
            "{\"n\":1.0,\"ticket\":7654321,\"id\":\"9f8c1a2b-0d3e-4f5a-8b7c-6d5e4f3a2b1c\"}",
            Json,
            scrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "scrubbed values, JSON key order")));
    }

    [Test]
    public void In_json_mode_outputs_differing_only_in_scrubbed_values_are_equivalent()
    {
        ScrubberDefinition[] scrubbers = [new() { BuiltIn = BuiltInScrubber.LongNumbers }];

        var result = OutputComparer.Compare("{\"ticket\": 1234567}", "{\"ticket\":7654321}", Json, scrubbers);

        Assert.That(result, Is.EqualTo(new OutputComparison(ComparisonKind.Equivalent, "scrubbed values")));
    }
}
