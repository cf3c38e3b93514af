using LlmGuard.Assertions;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Assertions;

public sealed class AssertionEvaluatorTests
{
    private const string PersonSchema = """
        {"type":"object","required":["name","age"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tags":{"type":"array","items":{"type":"string"}}}}
        """;

    private static string? FailureOf(string output, AssertionDefinition assertion) =>
        AssertionEvaluator.Evaluate(output, [assertion]).SingleOrDefault()?.Message;

    private static AssertionDefinition Text(AssertionKind kind, string text, bool negated = false) => new() { Kind = kind, Text = text, Negated = negated };

    [Test]
    public void Passing_assertions_give_no_failures()
    {
        var failures = AssertionEvaluator.Evaluate("The capital of France is Paris.", [Text(AssertionKind.Contains, "Paris"), Text(AssertionKind.StartsWith, "The")]);

        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Failures_keep_the_assertion_and_the_declaration_order()
    {
        var second = Text(AssertionKind.Contains, "Berlin");
        var first = Text(AssertionKind.StartsWith, "Paris");

        var failures = AssertionEvaluator.Evaluate("Lyon", [first, Text(AssertionKind.Contains, "Lyon"), second]);

        Assert.That(failures.Select(failure => failure.Assertion), Is.EqualTo(new[] { first, second }));
    }

    [Test]
    public void Equals_normalizes_line_endings_on_both_sides()
    {
        Assert.That(FailureOf("a\r\nb", Text(AssertionKind.EqualsText, "a\nb")), Is.Null);
    }

    [Test]
    public void A_failing_equals_names_the_first_difference()
    {
        Assert.That(FailureOf("Paris is big", Text(AssertionKind.EqualsText, "Paris is small")),
            Is.EqualTo("equals: expected the output to equal \"Paris is small\"; actual (12 chars): \"Paris is big\"; first difference at character 10: \"Paris is big\""));
    }

    [Test]
    public void Not_equals_fails_on_exactly_that_text_and_passes_otherwise()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("yes", Text(AssertionKind.EqualsText, "yes", negated: true)),
                Is.EqualTo("not-equals: expected the output not to equal \"yes\"; actual (3 chars) is exactly that text"));
            Assert.That(FailureOf("yes!", Text(AssertionKind.EqualsText, "yes", negated: true)), Is.Null);
        });
    }

    [Test]
    public void A_failing_contains_shows_an_excerpt_of_the_output()
    {
        var output = "The capital of France is Lyon, " + new string('x', 200);

        Assert.That(FailureOf(output, Text(AssertionKind.Contains, "Paris")),
            Is.EqualTo($"contains: expected the output to contain \"Paris\"; actual (231 chars): \"The capital of France is Lyon, {new string('x', 89)}…\""));
    }

    [Test]
    public void Not_contains_fails_with_the_position_and_passes_when_the_text_is_absent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("I'd say London, UK.", Text(AssertionKind.Contains, "London", negated: true)),
                Is.EqualTo("not-contains: expected the output not to contain \"London\"; found at character 9: \"I'd say London, UK.\""));
            Assert.That(FailureOf("Paris", Text(AssertionKind.Contains, "London", negated: true)), Is.Null);
        });
    }

    [Test]
    public void Excerpts_show_newlines_and_count_surrogate_pairs_once()
    {
        Assert.That(FailureOf("😀 line one\nline two", Text(AssertionKind.Contains, "three")),
            Is.EqualTo("contains: expected the output to contain \"three\"; actual (19 chars): \"😀 line one⏎line two\""));
    }

    [Test]
    public void The_not_contains_excerpt_starts_near_the_match()
    {
        var output = new string('a', 100) + "SECRET" + new string('b', 100);

        var message = FailureOf(output, Text(AssertionKind.Contains, "SECRET", negated: true));

        Assert.That(message, Is.EqualTo($"not-contains: expected the output not to contain \"SECRET\"; found at character 101: \"…{new string('a', 40)}SECRET{new string('b', 74)}…\""));
    }

    [Test]
    public void Starts_with_and_its_negation_check_the_start_of_the_output()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("Paris is the capital", Text(AssertionKind.StartsWith, "Paris")), Is.Null);
            Assert.That(FailureOf(" Paris", Text(AssertionKind.StartsWith, "Paris")),
                Is.EqualTo("starts-with: expected the output to start with \"Paris\"; actual (6 chars): \" Paris\""));
            Assert.That(FailureOf("Sorry, I can't", Text(AssertionKind.StartsWith, "Sorry", negated: true)),
                Is.EqualTo("not-starts-with: expected the output not to start with \"Sorry\"; actual (14 chars): \"Sorry, I can't\""));
            Assert.That(FailureOf("Sure", Text(AssertionKind.StartsWith, "Sorry", negated: true)), Is.Null);
        });
    }

    [Test]
    public void Starts_with_is_ordinal()
    {
        Assert.That(FailureOf("paris", Text(AssertionKind.StartsWith, "Paris")), Is.Not.Null);
    }

    [Test]
    public void Regex_and_its_negation_report_the_output_or_the_match()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("Order #12345 shipped", Text(AssertionKind.Regex, @"#\d{5}\b")), Is.Null);
            Assert.That(FailureOf("Order shipped", Text(AssertionKind.Regex, @"#\d{5}\b")),
                Is.EqualTo("regex: expected the output to match the regex \"#\\d{5}\\b\"; actual (13 chars): \"Order shipped\""));
            Assert.That(FailureOf("call 555-1234 now", Text(AssertionKind.Regex, @"\d{3}-\d{4}", negated: true)),
                Is.EqualTo("not-regex: expected the output not to match the regex \"\\d{3}-\\d{4}\"; matched at character 6: \"555-1234\""));
            Assert.That(FailureOf("no phone", Text(AssertionKind.Regex, @"\d{3}-\d{4}", negated: true)), Is.Null);
        });
    }

    [Test]
    public void An_invalid_regex_pattern_fails_in_both_forms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("x", Text(AssertionKind.Regex, "(x")), Does.StartWith("regex: the pattern \"(x\" is not a valid .NET regular expression: "));
            Assert.That(FailureOf("x", Text(AssertionKind.Regex, "(x", negated: true)), Does.StartWith("not-regex: the pattern \"(x\" is not a valid"));
        });
    }

    [Test]
    public void A_catastrophically_backtracking_regex_times_out_and_fails_in_both_forms()
    {
        var output = new string('a', 40) + "!";

        var failures = AssertionEvaluator.Evaluate(output, [Text(AssertionKind.Regex, "^(a+)+$"), Text(AssertionKind.Regex, "^(a|aa)+$", negated: true)]);

        Assert.That(failures.Select(failure => failure.Message).ToList(), Has.Count.EqualTo(2).And.All.Contains("took longer than 2 s").And.All.Contains("could not be evaluated"));
    }

    [TestCase("{\"a\":1}")]
    [TestCase("[1, 2]")]
    [TestCase("  \"text\"  ")]
    [TestCase("```json\n{\"a\": 1}\n```")]
    [TestCase("```\n[true]\n```\n")]
    public void Is_json_passes_for_valid_json_even_in_a_code_fence(string output)
    {
        Assert.That(FailureOf(output, new AssertionDefinition { Kind = AssertionKind.IsJson }), Is.Null);
    }

    [TestCase("Here you go: {\"a\":1}")]
    [TestCase("{\"a\":1,}")]
    [TestCase("```python\n{\"a\": 1}\n```")]
    [TestCase("{\"a\":1} {\"b\":2}")]
    public void Is_json_fails_for_output_that_is_not_one_valid_json_value(string output)
    {
        Assert.That(FailureOf(output, new AssertionDefinition { Kind = AssertionKind.IsJson }), Does.StartWith("is-json: expected the output to be valid JSON; it is not ("));
    }

    [Test]
    public void Not_is_json_fails_for_json_and_passes_for_prose()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.IsJson, Negated = true };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("{}", assertion), Is.EqualTo("not-is-json: expected the output not to be valid JSON; it parses as a JSON object; actual (2 chars): \"{}\""));
            Assert.That(FailureOf("plain prose", assertion), Is.Null);
        });
    }

    [Test]
    public void Json_schema_passes_even_in_a_code_fence()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = PersonSchema };

        Assert.That(FailureOf("```json\n{\"name\":\"Ada\",\"age\":36,\"tags\":[\"math\"]}\n```", assertion), Is.Null);
    }

    [Test]
    public void Json_schema_lists_the_errors_by_path()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = PersonSchema };

        var message = FailureOf("{\"age\":\"old\",\"tags\":[1]}", assertion);

        Assert.That(message, Does.StartWith("json-schema: expected the output to match the schema; 3 errors: #/name: PropertyRequired; #/age: IntegerExpected; #/tags[0]: StringExpected; actual (24 chars): "));
    }

    [Test]
    public void Json_schema_lists_at_most_five_errors()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = """{"type":"array","items":{"type":"integer"}}""" };

        var message = FailureOf("[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]", assertion);

        Assert.That(message, Does.Contain("7 errors: #/[0]: IntegerExpected;").And.Contain("#/[4]: IntegerExpected; and 2 more; actual").And.Not.Contain("#/[5]"));
    }

    [Test]
    public void Json_schema_fails_for_output_that_is_not_json_and_its_negation_passes()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = PersonSchema };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("Ada, 36", assertion), Does.StartWith("json-schema: expected the output to be JSON matching the schema; it is not valid JSON ("));
            Assert.That(FailureOf("Ada, 36", assertion with { Negated = true }), Is.Null);
        });
    }

    [Test]
    public void Not_json_schema_fails_when_the_output_matches_and_passes_when_it_does_not()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = PersonSchema, Negated = true };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("{\"name\":\"Ada\",\"age\":36}", assertion), Does.StartWith("not-json-schema: expected the output not to match the schema; it matches; actual (23 chars): "));
            Assert.That(FailureOf("{\"name\":\"Ada\"}", assertion), Is.Null);
        });
    }

    [Test]
    public void Json_schema_true_accepts_everything_and_false_accepts_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("{}", new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = "true" }), Is.Null);
            Assert.That(FailureOf("{}", new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = "false" }), Does.Contain("the schema false accepts nothing"));
        });
    }

    [Test]
    public void An_unusable_json_schema_fails_in_both_forms()
    {
        var assertion = new AssertionDefinition { Kind = AssertionKind.JsonSchema, SchemaJson = """{"type":"strin"}""" };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("\"x\"", assertion), Does.StartWith("json-schema: the schema is not usable: #/type: unknown type \"strin\""));
            Assert.That(FailureOf("\"x\"", assertion with { Negated = true }), Does.StartWith("not-json-schema: the schema is not usable"));
        });
    }

    [Test]
    public void Min_length_counts_Unicode_scalars()
    {
        var atLeastThree = new AssertionDefinition { Kind = AssertionKind.MinLength, Length = 3 };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("abc", atLeastThree), Is.Null);
            Assert.That(FailureOf("😀😀", atLeastThree), Is.EqualTo("min-length: expected the output to have at least 3 characters; actual (2 chars): \"😀😀\""));
            Assert.That(FailureOf("abc", atLeastThree with { Negated = true }), Is.EqualTo("not-min-length: expected the output to have fewer than 3 characters; actual (3 chars): \"abc\""));
            Assert.That(FailureOf("ab", atLeastThree with { Negated = true }), Is.Null);
        });
    }

    [Test]
    public void Max_length_counts_Unicode_scalars()
    {
        var atMostTwo = new AssertionDefinition { Kind = AssertionKind.MaxLength, Length = 2 };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("😀😀", atMostTwo), Is.Null);
            Assert.That(FailureOf("abc", atMostTwo), Is.EqualTo("max-length: expected the output to have at most 2 characters; actual (3 chars): \"abc\""));
            Assert.That(FailureOf("abc", atMostTwo with { Negated = true }), Is.Null);
            Assert.That(FailureOf("ab", atMostTwo with { Negated = true }), Is.EqualTo("not-max-length: expected the output to have more than 2 characters; actual (2 chars): \"ab\""));
        });
    }

    [Test]
    public void One_of_trims_the_output()
    {
        var sentiment = new AssertionDefinition { Kind = AssertionKind.OneOf, Values = ["positive", "negative", "neutral"] };

        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("  positive\n", sentiment), Is.Null);
            Assert.That(FailureOf("Positive", sentiment),
                Is.EqualTo("one-of: expected the output (trimmed) to be one of \"positive\", \"negative\", \"neutral\"; actual (8 chars): \"Positive\""));
            Assert.That(FailureOf("neutral", sentiment with { Negated = true }),
                Is.EqualTo("not-one-of: expected the output (trimmed) not to be any of \"positive\", \"negative\", \"neutral\"; it is \"neutral\""));
            Assert.That(FailureOf("mixed", sentiment with { Negated = true }), Is.Null);
        });
    }

    [Test]
    public void Missing_arguments_fail_in_both_forms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FailureOf("x", new AssertionDefinition { Kind = AssertionKind.Contains }), Is.EqualTo("contains: the assertion has no text"));
            Assert.That(FailureOf("x", new AssertionDefinition { Kind = AssertionKind.Contains, Negated = true }), Is.EqualTo("not-contains: the assertion has no text"));
            Assert.That(FailureOf("x", new AssertionDefinition { Kind = AssertionKind.MinLength }), Is.EqualTo("min-length: the assertion has no length"));
            Assert.That(FailureOf("x", new AssertionDefinition { Kind = AssertionKind.OneOf }), Is.EqualTo("one-of: the assertion has no values"));
            Assert.That(FailureOf("x", new AssertionDefinition { Kind = AssertionKind.JsonSchema }), Is.EqualTo("json-schema: the assertion has no schema"));
        });
    }
}
