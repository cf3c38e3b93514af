using LlmGuard.Assertions;

namespace LlmGuard.Tests.Assertions;

public sealed class AssertionValidationTests
{
    [TestCase(@"^\d{3}-\d{4}$")]
    [TestCase("(?<year>[0-9]{4})")]
    public void A_valid_regex_is_accepted(string pattern)
    {
        Assert.That(AssertionValidation.ValidateRegex(pattern), Is.Null);
    }

    [Test]
    public void An_invalid_regex_gives_the_parser_message()
    {
        Assert.That(AssertionValidation.ValidateRegex("a(b"), Does.StartWith("invalid regular expression \"a(b\": ").And.Contain("Not enough )'s"));
    }

    [TestCase("{}")]
    [TestCase("true")]
    [TestCase("false")]
    [TestCase("""{"type":["string","null"]}""")]
    [TestCase("""{"type":"object","properties":{"type":{"type":"string","enum":["a"]}},"default":{"type":"whatever"}}""")]
    [TestCase("""{"definitions":{"type":{"type":"integer"}},"patternProperties":{"^type$":{"type":"null"}},"properties":{"type":{"$ref":"#/definitions/type"}}}""")]
    public void A_usable_schema_is_accepted(string schema)
    {
        Assert.That(AssertionValidation.ValidateJsonSchema(schema), Is.Null);
    }

    [TestCase("{\"type\":", "invalid JSON Schema: the schema is not valid JSON: ")]
    [TestCase("[1]", "invalid JSON Schema: a JSON Schema must be an object or a boolean, not an array")]
    [TestCase("\"object\"", "invalid JSON Schema: a JSON Schema must be an object or a boolean, not a string")]
    [TestCase("""{"properties":{"n":{"type":"int"}}}""", "invalid JSON Schema: #/properties/n/type: unknown type \"int\" (expected one of string, number, integer, boolean, object, array, null)")]
    [TestCase("""{"type":["string",1]}""", "invalid JSON Schema: #/type: unknown type 1")]
    [TestCase("""{"type":7}""", "invalid JSON Schema: #/type: 'type' must be a type name or a list of type names (one of string, number, integer, boolean, object, array, null), not 7")]
    [TestCase("""{"properties":{"n":{"type":true}}}""", "invalid JSON Schema: #/properties/n/type: 'type' must be a type name")]
    [TestCase("""{"items":{"type":{"type":"string"}}}""", "invalid JSON Schema: #/items/type: 'type' must be a type name")]
    [TestCase("""{"minLength":"x"}""", "invalid JSON Schema: NJsonSchema cannot read the schema: ")]
    [TestCase("""{"$ref":"#/definitions/missing"}""", "invalid JSON Schema: NJsonSchema cannot read the schema: ")]
    public void An_unusable_schema_is_explained(string schema, string expectedStart)
    {
        Assert.That(AssertionValidation.ValidateJsonSchema(schema), Does.StartWith(expectedStart));
    }
}
