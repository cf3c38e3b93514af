using System.Diagnostics;
using LlmGuard.Assertions;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Assertions;

public sealed class JsonSchemaHardeningTests
{
    [TestCase("""{"$ref": "http://127.0.0.1:9/schema.json"}""")]
    [TestCase("""{"properties": {"a": {"$ref": "file:///etc/passwd"}}}""")]
    [TestCase("""{"allOf": [{"$ref": "other.json#/a"}]}""")]
    [TestCase("""{"$id": "https://example.com/s.json", "properties": {"a": {"$ref": "#/definitions/a"}}, "definitions": {"a": {}}}""")]
    public void A_schema_that_refers_outside_itself_is_refused_without_any_fetch(string schema)
    {
        var stopwatch = Stopwatch.StartNew();
        var problem = AssertionValidation.ValidateJsonSchema(schema);

        Assert.Multiple(() =>
        {
            Assert.That(problem, Does.Contain("outside the schema").Or.Contain("another document"));
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "nothing was fetched (an unreachable host would take the network timeout)");
        });
    }

    [Test]
    public void Local_references_still_work()
    {
        const string Schema = """{"type": "object", "properties": {"a": {"$ref": "#/definitions/word"}}, "definitions": {"word": {"type": "string"}}}""";

        Assert.Multiple(() =>
        {
            Assert.That(AssertionValidation.ValidateJsonSchema(Schema), Is.Null);
            Assert.That(AssertionEvaluator.Evaluate("""{"a": "x"}""", [Assertion(Schema)]), Is.Empty);
            Assert.That(AssertionEvaluator.Evaluate("""{"a": 1}""", [Assertion(Schema)]), Has.Count.EqualTo(1));
        });
    }

    [TestCase("""{"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a+)+$"}}}""", """{"code": "AAAA"}""")]
    [TestCase("""{"type": "object", "patternProperties": {"^(a+)+$": {"type": "string"}}}""", """{"KEY": "x"}""")]
    public void A_backtracking_schema_pattern_times_out_instead_of_hanging(string schema, string shape)
    {
        var long_a = new string('a', 30_000) + "!";
        var output = shape.Replace("AAAA", long_a, StringComparison.Ordinal).Replace("KEY", long_a, StringComparison.Ordinal);

        var failures = AssertionEvaluator.Evaluate(output, [Assertion(schema)]);

        Assert.That(failures.Single().Message, Does.Contain("took longer than 2 s").And.Contain("could not be evaluated"));
    }

    [Test]
    public void A_schema_pattern_still_decides_when_it_finishes()
    {
        const string Schema = """{"type": "object", "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}""";

        Assert.Multiple(() =>
        {
            Assert.That(AssertionEvaluator.Evaluate("""{"code": "ABC"}""", [Assertion(Schema)]), Is.Empty);
            Assert.That(AssertionEvaluator.Evaluate("""{"code": "abcd"}""", [Assertion(Schema)]).Single().Message, Does.Contain("PatternMismatch"));
        });
    }

    [Test]
    public void Evaluation_stops_between_assertions_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => AssertionEvaluator.Evaluate("x", [new AssertionDefinition { Kind = AssertionKind.Contains, Text = "x" }], cancelled.Token));
    }

    private static AssertionDefinition Assertion(string schema) => new() { Kind = AssertionKind.JsonSchema, SchemaJson = schema };
}
