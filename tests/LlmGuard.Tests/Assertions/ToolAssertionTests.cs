using LlmGuard.Assertions;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Assertions;

public sealed class ToolAssertionTests
{
    private const string WeatherSchema = """{"properties":{"city":{"type":"string"},"days":{"maximum":7,"type":"integer"}},"required":["city"],"type":"object"}""";

    private static readonly ModelAnswer Answer = new("Checking.",
    [
        new ToolCall("get_weather", """{"city":"Paris","days":3}"""),
        new ToolCall("get_weather", """{"days":9}"""),
        new ToolCall("get_time", """{"zone": "UT""") { ArgumentsValid = false },
    ]);

    private static AssertionDefinition Called(string tool, bool negated = false) => new() { Kind = AssertionKind.ToolCalled, Text = tool, Negated = negated };

    private static AssertionDefinition ArgsSchema(string tool, string schema, bool negated = false) =>
        new() { Kind = AssertionKind.ToolArgsSchema, Text = tool, SchemaJson = schema, Negated = negated };

    [Test]
    public void Tool_called_and_its_negation()
    {
        var failures = AssertionEvaluator.Evaluate(Answer, [Called("get_weather"), Called("book_table"), Called("get_time", negated: true), Called("book_table", negated: true)]);

        Assert.That(failures.Select(failure => failure.Message), Is.EqualTo(new[]
        {
            "tool-called: expected a call of 'book_table'; the answer calls get_weather({\"city\":\"Paris\",\"days\":3}), get_weather({\"days\":9}), get_time({\"zone\": \"UT); text (9 chars): \"Checking.\"",
            "not-tool-called: expected no call of 'get_time'; the answer calls it once: get_weather({\"city\":\"Paris\",\"days\":3}), get_weather({\"days\":9}), get_time({\"zone\": \"UT)",
        }));
    }

    [Test]
    public void Tool_args_schema_checks_every_call_of_the_tool_and_lists_each_problem()
    {
        var failure = AssertionEvaluator.Evaluate(Answer, [ArgsSchema("get_weather", WeatherSchema)]).Single();

        Assert.That(failure.Message, Does.StartWith("tool-args-schema: expected the arguments of 'get_weather' to match its parameters schema; call 2: ")
            .And.Contain("PropertyRequired").And.Contain("NumberTooBig").And.Not.Contain("call 1"));
    }

    [Test]
    public void Malformed_arguments_never_match_a_schema()
    {
        var failure = AssertionEvaluator.Evaluate(Answer, [ArgsSchema("get_time", """{"type":"object"}""")]).Single();

        Assert.That(failure.Message, Does.Contain("call 3: the arguments are not a JSON object: \"{\"zone\": \"UT\""));
    }

    [Test]
    public void Tool_args_schema_holds_for_valid_calls_and_fails_when_the_tool_is_not_called()
    {
        var valid = new ModelAnswer("", [new ToolCall("get_weather", """{"city":"Rome"}""")]);

        Assert.Multiple(() =>
        {
            Assert.That(AssertionEvaluator.Evaluate(valid, [ArgsSchema("get_weather", WeatherSchema)]), Is.Empty);
            Assert.That(AssertionEvaluator.Evaluate(valid, [ArgsSchema("get_weather", WeatherSchema, negated: true)]).Single().Message,
                Does.StartWith("not-tool-args-schema: expected arguments of 'get_weather' not matching its schema; the call match"));
            Assert.That(AssertionEvaluator.Evaluate(ModelAnswer.OfText("Sunny."), [ArgsSchema("get_weather", WeatherSchema)]).Single().Message,
                Is.EqualTo("tool-args-schema: expected calls of 'get_weather' with arguments matching its schema; the answer calls no tool"));
        });
    }

    [Test]
    public void A_response_format_implies_a_json_assertion_named_after_it()
    {
        var target = new TargetDefinition
        {
            Provider = "openai",
            Model = "m",
            ResponseFormat = new ResponseFormatDefinition { Kind = ResponseFormatKind.JsonSchema, SchemaJson = """{"required":["age"],"type":"object"}""" },
        };
        var suiteCase = new SuiteCase { Id = "c", Messages = [], Expect = [Called("x", negated: true)] };
        var jsonCase = suiteCase with { ResponseFormat = new ResponseFormatDefinition { Kind = ResponseFormatKind.Json } };

        var schemaFailures = AssertionEvaluator.Evaluate(ModelAnswer.OfText("""{"name":"Ada"}"""), ImpliedAssertions.Of(suiteCase, target));
        var jsonFailures = AssertionEvaluator.Evaluate(ModelAnswer.OfText("Ada"), ImpliedAssertions.Of(jsonCase, target));

        Assert.Multiple(() =>
        {
            Assert.That(schemaFailures.Single().Message, Does.StartWith("response_format (json-schema): expected the output to match the schema; 1 error: #/age: PropertyRequired"));
            Assert.That(jsonFailures.Single().Message, Does.StartWith("response_format (is-json): expected the output to be valid JSON"));
            Assert.That(ImpliedAssertions.Of(suiteCase with { ResponseFormat = new ResponseFormatDefinition { Kind = ResponseFormatKind.Text } }, target), Has.Count.EqualTo(1));
        });
    }
}
