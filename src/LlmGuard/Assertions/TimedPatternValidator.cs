using LlmGuard.Text;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace LlmGuard.Assertions;

/// <summary>
/// NJsonSchema's validator with a timeout on the schema's regular expressions. NJsonSchema matches <c>pattern</c> and
/// <c>patternProperties</c> with <see cref="System.Text.RegularExpressions.Regex"/>'s static methods, which have no timeout,
/// so a backtracking pattern against a long answer would hang the run. Every (value, schema) pair passes through
/// <see cref="Validate(JToken, JsonSchema, SchemaType, string?, string)"/> first: there the patterns are matched with the
/// run's timeout (<see cref="RegexCache"/>), which throws <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/>
/// before NJsonSchema's own untimed match could start; a pattern that finished in time finishes again as fast.
/// </summary>
internal sealed class TimedPatternValidator : JsonSchemaValidator
{
    protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
    {
        var actual = schema.ActualSchema;
        if (token.Type == JTokenType.String && !string.IsNullOrEmpty(actual.Pattern))
        {
            RegexCache.Get(actual.Pattern).IsMatch(token.Value<string>() ?? "");
        }

        if (token is JObject obj && actual.PatternProperties.Count > 0)
        {
            foreach (var pattern in actual.PatternProperties.Keys)
            {
                var regex = RegexCache.Get(pattern);
                foreach (var property in obj.Properties())
                {
                    regex.IsMatch(property.Name);
                }
            }
        }

        return base.Validate(token, schema, schemaType, propertyName, propertyPath);
    }
}
