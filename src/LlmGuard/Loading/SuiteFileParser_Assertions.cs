using LlmGuard.Assertions;
using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>expect</c> assertions, in defaults and cases.</summary>
internal sealed partial class SuiteFileParser
{
    private IEnumerable<(AssertionDefinition Assertion, YamlNode Node)> RawAssertions(YamlNode node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'expect' must be a list of assertions such as '- contains: Paris', not {YamlNodeReader.Describe(node)}.");
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            var (keyNode, valueNode) = item is YamlMappingNode { Children.Count: 1 } mapping ? mapping.Children.First() : default;
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                reader.Error(item, DiagnosticCodes.WrongType, "Each assertion is a single 'name: value' pair, e.g. '- contains: Paris' or '- not-regex: \"\\\\d\"'.");
                continue;
            }

            var negated = name.StartsWith("not-", StringComparison.Ordinal);
            var plainName = negated ? name[4..] : name;
            if (!AssertionNames.TryParse(plainName, out var kind))
            {
                var all = AssertionNames.All.Concat(AssertionNames.All.Select(n => "not-" + n)).ToList();
                var suggestion = Suggestions.Closest(name, all);
                reader.Error(keyNode, DiagnosticCodes.UnknownAssertion,
                    $"Unknown assertion '{name}'." + (suggestion is null ? $" Known assertions: {string.Join(", ", AssertionNames.All)} (each also as not-…)." : $" Did you mean '{suggestion}'?"));
                continue;
            }

            if (ParseAssertion(kind, negated, valueNode, name) is { } assertion)
            {
                yield return (assertion with { Location = reader.LocationOf(keyNode) }, valueNode);
            }
        }
    }

    private AssertionDefinition? ParseAssertion(AssertionKind kind, bool negated, YamlNode value, string name)
    {
        switch (kind)
        {
            case AssertionKind.EqualsText or AssertionKind.Contains or AssertionKind.StartsWith or AssertionKind.Regex:
                var text = reader.String(value, name);
                if (text is null)
                {
                    if (reader.IsNull(value))
                    {
                        reader.Error(value, DiagnosticCodes.MissingKey, $"'{name}' needs a text to compare with.");
                    }

                    return null;
                }

                if (kind == AssertionKind.Regex && AssertionValidation.ValidateRegex(text) is { } regexProblem)
                {
                    reader.Error(value, DiagnosticCodes.InvalidRegex, $"Invalid regular expression in '{name}': {regexProblem}");
                    return null;
                }

                return new AssertionDefinition { Kind = kind, Negated = negated, Text = text };
            case AssertionKind.IsJson:
                if (!reader.IsNull(value) && reader.Boolean(value, name) is not true)
                {
                    if (value is YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" })
                    {
                        reader.Error(value, DiagnosticCodes.InvalidValue,
                            $"'{name}: false' would assert nothing; write '{name}: true', or use '{(negated ? "is-json" : "not-is-json")}: true' for the opposite.");
                    }

                    return null;
                }

                return new AssertionDefinition { Kind = kind, Negated = negated };
            case AssertionKind.JsonSchema:
                var schemaJson = value is YamlScalarNode ? reader.String(value, name) : YamlNodeReader.ToJson(value, reader);
                if (schemaJson is null)
                {
                    reader.Error(value, DiagnosticCodes.InvalidJsonSchema, $"'{name}' needs a JSON Schema (a mapping in YAML, or JSON text).");
                    return null;
                }

                if (ExternalReference(value) is { } reference)
                {
                    reader.Error(reference.Node, DiagnosticCodes.InvalidJsonSchema, $"Invalid JSON Schema in '{name}': {reference.Problem}.");
                    return null;
                }

                if (AssertionValidation.ValidateJsonSchema(schemaJson) is { } schemaProblem)
                {
                    reader.Error(value, DiagnosticCodes.InvalidJsonSchema, $"Invalid JSON Schema in '{name}': {schemaProblem}");
                    return null;
                }

                return new AssertionDefinition { Kind = kind, Negated = negated, SchemaJson = schemaJson };
            case AssertionKind.MinLength or AssertionKind.MaxLength:
                return reader.Integer(value, name, 0, int.MaxValue) is { } length
                    ? new AssertionDefinition { Kind = kind, Negated = negated, Length = (int)length }
                    : null;
            case AssertionKind.OneOf:
                if (value is not YamlSequenceNode)
                {
                    reader.Error(value, DiagnosticCodes.WrongType, $"'{name}' must be a list of allowed outputs, not {YamlNodeReader.Describe(value)}.");
                    return null;
                }

                var values = reader.StringList(value, name).Select(item => item.Value).ToList();
                if (values.Count == 0)
                {
                    reader.Error(value, DiagnosticCodes.InvalidValue, $"'{name}' must list at least one allowed output.");
                    return null;
                }

                return new AssertionDefinition { Kind = kind, Negated = negated, Values = values };
            case AssertionKind.ToolCalled or AssertionKind.ToolArgsSchema:
                var toolName = reader.String(value, name);
                if (toolName is null)
                {
                    if (reader.IsNull(value))
                    {
                        reader.Error(value, DiagnosticCodes.MissingKey, $"'{name}' needs the name of a declared tool.");
                    }

                    return null;
                }

                return DeclaredTool(value, toolName, name) is { } tool
                    ? new AssertionDefinition { Kind = kind, Negated = negated, Text = tool.Name, SchemaJson = kind == AssertionKind.ToolArgsSchema ? tool.ParametersSchemaJson : null }
                    : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>The first <c>$ref</c> of a schema written in YAML that points outside it, at its value, so the error has its position.</summary>
    private static (YamlNode Node, string Problem)? ExternalReference(YamlNode node, bool isNameMap = false)
    {
        switch (node)
        {
            case YamlSequenceNode sequence:
                return sequence.Children.Select(child => ExternalReference(child)).FirstOrDefault(found => found is not null);
            case YamlMappingNode mapping:
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value;
                    if (!isNameMap && key == "$ref" && valueNode is YamlScalarNode { Value: { } reference } && SchemaReferences.ReferenceProblem(reference) is { } problem)
                    {
                        return (valueNode, problem);
                    }

                    if (!isNameMap && key is "enum" or "const" or "default" or "examples" or "example")
                    {
                        continue;
                    }

                    if (ExternalReference(valueNode, !isNameMap && key is "properties" or "patternProperties" or "definitions" or "$defs" or "dependencies" or "dependentSchemas") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private AssertionDefinition? SubstituteAssertion(AssertionDefinition assertion, YamlNode node, IReadOnlyDictionary<string, string> variables)
    {
        if (assertion.Text is null && assertion.Values.Count == 0)
        {
            return assertion;
        }

        var text = assertion.Text is null ? null : Substitute(assertion.Text, node, variables);
        var values = assertion.Values.Select(value => Substitute(value, node, variables)).ToList();
        if (ReferenceEquals(text, assertion.Text) && values.SequenceEqual(assertion.Values, ReferenceEqualityComparer.Instance))
        {
            return assertion;
        }

        var substituted = assertion with { Text = text, Values = values };
        if (substituted.Kind == AssertionKind.Regex && AssertionValidation.ValidateRegex(substituted.Text!) is { } problem)
        {
            reader.Error(node, DiagnosticCodes.InvalidRegex, $"Invalid regular expression in '{assertion.Name}' after substituting variables: {problem}");
            return null;
        }

        return substituted;
    }
}
