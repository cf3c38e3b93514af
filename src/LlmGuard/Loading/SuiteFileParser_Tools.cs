using System.Text.RegularExpressions;
using LlmGuard.Assertions;
using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// Tools and structured answers: the suite's <c>tools</c>, <c>tool_choice</c> and <c>response_format</c> (on the target
/// or a case), earlier tool calls and tool results in <c>messages</c>, and <c>compare.tool_calls</c>.
/// </summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] ToolKeys = ["name", "description", "parameters"];
    private static readonly string[] ToolCallKeys = ["id", "name", "arguments"];
    private static readonly string[] ResponseFormatKeys = ["json_schema", "name", "strict"];
    private static readonly string[] ToolCallCompareKeys = ["match", "ignore", "tolerance"];
    private static readonly string[] ToolChoiceWords = ["auto", "none", "required"];
    private static readonly string[] MatchModes = ["strict", "unordered", "subset", "superset"];

    /// <summary>The tools declared in this file, known before the target, the defaults and the cases are read.</summary>
    private List<ToolDefinition> declaredTools = [];

    private List<ToolDefinition> ParseTools(YamlNode node)
    {
        var tools = new List<ToolDefinition>();
        if (reader.IsNull(node))
        {
            return tools;
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'tools' must be a list of tools (name, description, parameters), not {YamlNodeReader.Describe(node)}.");
            return tools;
        }

        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (reader.Mapping(item, "a tool", ToolKeys) is not { } map)
            {
                continue;
            }

            var name = reader.RequiredString(map, "name", item, "A tool");
            if (name is null)
            {
                continue;
            }

            if (!ToolNamePattern().IsMatch(name))
            {
                reader.Error(map["name"], DiagnosticCodes.InvalidValue,
                    $"Tool name '{name}' is not allowed: use 1 to 64 ASCII letters, digits, '_' or '-' (the providers' rule for function names).");
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                reader.Error(map["name"], DiagnosticCodes.InvalidValue, $"The tool '{name}' is already declared at line {first.Line}, column {first.Column}.");
                continue;
            }

            seen[name] = reader.LocationOf(map["name"]);
            var schema = map.TryGetValue("parameters", out var parametersNode)
                ? ParseSchema(parametersNode, $"tools[{name}].parameters", requireObject: true)
                : "{\"properties\":{},\"type\":\"object\"}";
            if (schema is null)
            {
                continue;
            }

            tools.Add(new ToolDefinition
            {
                Name = name,
                Description = map.TryGetValue("description", out var descriptionNode) ? reader.String(descriptionNode, "description") : null,
                ParametersSchemaJson = schema,
                Location = reader.LocationOf(item),
            });
        }

        return tools;
    }

    /// <summary>A JSON Schema written as a YAML mapping or as JSON text, checked and returned in canonical compact form.</summary>
    private string? ParseSchema(YamlNode node, string field, bool requireObject)
    {
        var json = node is YamlScalarNode ? reader.String(node, field) : YamlNodeReader.ToJson(node, reader);
        if (json is null)
        {
            reader.Error(node, DiagnosticCodes.InvalidJsonSchema, $"'{field}' needs a JSON Schema (a mapping in YAML, or JSON text).");
            return null;
        }

        if (AssertionValidation.ValidateJsonSchema(json) is { } problem)
        {
            reader.Error(node, DiagnosticCodes.InvalidJsonSchema, $"Invalid JSON Schema in '{field}': {problem}");
            return null;
        }

        CanonicalJson.TryCanonicalize(json, out var canonical, out _);
        if (requireObject && !canonical.StartsWith('{'))
        {
            reader.Error(node, DiagnosticCodes.InvalidJsonSchema, $"Invalid JSON Schema in '{field}': a tool's parameters are an object, so its schema must be an object schema, not {canonical}.");
            return null;
        }

        return canonical;
    }

    private ToolChoice? ParseToolChoice(YamlNode node)
    {
        var value = reader.String(node, "tool_choice");
        if (value is null)
        {
            if (reader.IsNull(node))
            {
                reader.Error(node, DiagnosticCodes.MissingKey, "'tool_choice' must have a value: auto, none, required or the name of a declared tool.");
            }

            return null;
        }

        if (declaredTools.Count == 0)
        {
            reader.Error(node, DiagnosticCodes.InvalidValue, "'tool_choice' needs tools: declare them under the suite's 'tools'.");
            return null;
        }

        switch (value)
        {
            case "auto": return new ToolChoice(ToolChoiceMode.Auto);
            case "none": return new ToolChoice(ToolChoiceMode.None);
            case "required": return new ToolChoice(ToolChoiceMode.Required);
        }

        return DeclaredTool(node, value, "tool_choice", ToolChoiceWords) is { } tool ? new ToolChoice(ToolChoiceMode.Function, tool.Name) : null;
    }

    /// <summary>The declared tool of that name, or null after reporting the name (with the closest declared one).</summary>
    private ToolDefinition? DeclaredTool(YamlNode node, string name, string field, IReadOnlyCollection<string>? alsoAllowed = null)
    {
        if (declaredTools.FirstOrDefault(tool => tool.Name == name) is { } tool)
        {
            return tool;
        }

        var names = declaredTools.Select(declared => declared.Name).Concat(alsoAllowed ?? []).ToList();
        var suggestion = Suggestions.Closest(name, names);
        reader.Error(node, DiagnosticCodes.InvalidValue,
            declaredTools.Count == 0
                ? $"'{field}' names the tool '{name}', but the suite declares no 'tools'."
                : $"'{field}' names '{name}', which is not a declared tool." + (suggestion is null ? $" Declared tools: {string.Join(", ", declaredTools.Select(t => t.Name))}." : $" Did you mean '{suggestion}'?"));
        return null;
    }

    private ResponseFormatDefinition? ParseResponseFormat(YamlNode node)
    {
        var location = reader.LocationOf(node);
        if (node is YamlScalarNode)
        {
            return reader.String(node, "response_format") switch
            {
                "text" => new ResponseFormatDefinition { Kind = ResponseFormatKind.Text, Location = location },
                "json" => new ResponseFormatDefinition { Kind = ResponseFormatKind.Json, Location = location },
                var other => InvalidChoice<ResponseFormatDefinition?>(node, "response_format", other, ["text", "json", "{ json_schema: … }"], null),
            };
        }

        if (reader.Mapping(node, "'response_format'", ResponseFormatKeys) is not { } map)
        {
            return null;
        }

        if (!map.TryGetValue("json_schema", out var schemaNode))
        {
            reader.Error(node, DiagnosticCodes.MissingKey, "'response_format' as a mapping needs 'json_schema': the JSON Schema the answer must follow (or write 'response_format: json').");
            return null;
        }

        var schema = ParseSchema(schemaNode, "json_schema", requireObject: false);
        var name = ResponseFormatDefinition.DefaultSchemaName;
        if (map.TryGetValue("name", out var nameNode) && reader.String(nameNode, "name") is { } written)
        {
            if (!ToolNamePattern().IsMatch(written))
            {
                reader.Error(nameNode, DiagnosticCodes.InvalidValue, $"The schema name '{written}' is not allowed: use 1 to 64 ASCII letters, digits, '_' or '-'.");
                return null;
            }

            name = written;
        }

        var strict = !map.TryGetValue("strict", out var strictNode) || (reader.Boolean(strictNode, "strict") ?? true);
        return schema is null ? null : new ResponseFormatDefinition { Kind = ResponseFormatKind.JsonSchema, SchemaJson = schema, SchemaName = name, Strict = strict, Location = location };
    }

    /// <summary>The <c>tool_calls</c> of an earlier assistant turn.</summary>
    private List<ToolCall> ParseMessageToolCalls(YamlNode node, HashSet<string> callIds)
    {
        var calls = new List<ToolCall>();
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            reader.Error(node, node is YamlSequenceNode ? DiagnosticCodes.InvalidValue : DiagnosticCodes.WrongType,
                "'tool_calls' must be a non-empty list of calls, each with 'id', 'name' and 'arguments'.");
            return calls;
        }

        foreach (var item in sequence.Children)
        {
            if (reader.Mapping(item, "a tool call", ToolCallKeys) is not { } map)
            {
                continue;
            }

            var id = reader.RequiredString(map, "id", item, "A tool call");
            var name = reader.RequiredString(map, "name", item, "A tool call");
            if (id is not null && !callIds.Add(id))
            {
                reader.Error(map["id"], DiagnosticCodes.InvalidValue, $"The tool call id '{id}' is already used in this case's messages.");
                continue;
            }

            if (name is null || id is null || DeclaredTool(map["name"], name, "tool_calls.name") is null)
            {
                continue;
            }

            var arguments = "{}";
            if (map.TryGetValue("arguments", out var argumentsNode))
            {
                var json = argumentsNode is YamlScalarNode ? reader.String(argumentsNode, "arguments") : YamlNodeReader.ToJson(argumentsNode, reader);
                var problem = "it is empty";
                if (json is null || !CanonicalJson.TryCanonicalizeObject(json, out arguments, out problem))
                {
                    reader.Error(argumentsNode, DiagnosticCodes.InvalidValue, $"'arguments' must be a JSON object (a mapping in YAML, or JSON text): {problem}.");
                    continue;
                }
            }

            calls.Add(new ToolCall(name, arguments) { Id = id });
        }

        return calls;
    }

    private ToolCallComparison? ParseToolCallComparison(YamlNode node)
    {
        if (reader.Mapping(node, "'compare.tool_calls'", ToolCallCompareKeys) is not { } map)
        {
            return null;
        }

        var errorsBefore = reader.ErrorCount;
        var match = ToolCallMatch.Strict;
        if (map.TryGetValue("match", out var matchNode))
        {
            match = reader.String(matchNode, "match") switch
            {
                "strict" => ToolCallMatch.Strict,
                "unordered" => ToolCallMatch.Unordered,
                "subset" => ToolCallMatch.Subset,
                "superset" => ToolCallMatch.Superset,
                var other => InvalidChoice(matchNode, "match", other, MatchModes, ToolCallMatch.Strict),
            };
        }

        var ignore = new List<ToolArgumentSelector>();
        if (map.TryGetValue("ignore", out var ignoreNode))
        {
            foreach (var (text, itemNode) in reader.StringList(ignoreNode, "ignore"))
            {
                if (ParseSelector(text, itemNode) is { } selector)
                {
                    ignore.Add(selector);
                }
            }
        }

        var tolerance = new List<KeyValuePair<ToolArgumentSelector, double>>();
        if (map.TryGetValue("tolerance", out var toleranceNode) && !reader.IsNull(toleranceNode))
        {
            if (toleranceNode is not YamlMappingNode toleranceMap)
            {
                reader.Error(toleranceNode, DiagnosticCodes.WrongType, $"'tolerance' must map argument names to numbers, e.g. 'latitude: 0.001', not {YamlNodeReader.Describe(toleranceNode)}.");
            }
            else
            {
                foreach (var (keyNode, valueNode) in toleranceMap.Children)
                {
                    if (keyNode is YamlScalarNode { Value: { } key } && ParseSelector(key, keyNode) is { } selector
                        && reader.Number(valueNode, $"tolerance.{key}", 0, 1e12) is { } amount)
                    {
                        tolerance.Add(new(selector, amount));
                    }
                }
            }
        }

        return reader.ErrorCount > errorsBefore ? null : new ToolCallComparison { Match = match, Ignore = ignore, Tolerance = tolerance };
    }

    /// <summary>
    /// An argument named in <c>ignore</c> or <c>tolerance</c>: <c>argument</c> or <c>path.to.argument</c> for every tool;
    /// a first segment that is a declared tool's name limits it to that tool (<c>get_weather.timestamp</c>).
    /// </summary>
    private ToolArgumentSelector? ParseSelector(string text, YamlNode node)
    {
        var segments = text.Split('.');
        if (segments.Any(segment => segment.Length == 0))
        {
            reader.Error(node, DiagnosticCodes.InvalidValue, $"'{text}' is not an argument name: write 'argument', 'path.to.argument' or 'tool_name.argument'.");
            return null;
        }

        return segments.Length > 1 && declaredTools.Any(tool => tool.Name == segments[0])
            ? new ToolArgumentSelector(segments[0], segments[1..])
            : new ToolArgumentSelector(null, segments);
    }

    /// <summary>What the provider cannot send: tools and response formats to the local runtime, a forced tool choice to Ollama.</summary>
    private void CheckProviderSupport(TargetDefinition target, IReadOnlyList<SuiteCase> cases, YamlNode targetNode, YamlNode? toolsNode)
    {
        if (target.Provider == ProviderNames.Local)
        {
            if (toolsNode is not null && declaredTools.Count > 0)
            {
                reader.Error(toolsNode, DiagnosticCodes.InvalidValue, "'tools' cannot be sent to the local provider: the built-in runtime does not call tools.");
            }

            foreach (var format in cases.Select(c => c.ResponseFormat).Prepend(target.ResponseFormat).OfType<ResponseFormatDefinition>().Where(f => f.Kind != ResponseFormatKind.Text))
            {
                reader.Error(format.Location, DiagnosticCodes.InvalidValue, "'response_format' cannot be sent to the local provider: the built-in runtime has no structured-output mode (check the answer with 'is-json' or 'json-schema' instead).");
            }
        }

        if (target.Provider == ProviderNames.Ollama)
        {
            if (target.ToolChoice is { Mode: ToolChoiceMode.Required or ToolChoiceMode.Function } forced)
            {
                reader.Error(((YamlMappingNode)targetNode).Children[new YamlScalarNode("tool_choice")], DiagnosticCodes.InvalidValue,
                    $"'tool_choice: {forced}' cannot be sent to Ollama: its API has no tool choice (use auto or none).");
            }

            foreach (var suiteCase in cases.Where(c => c.ToolChoice is { Mode: ToolChoiceMode.Required or ToolChoiceMode.Function }))
            {
                reader.Error(suiteCase.Location, DiagnosticCodes.InvalidValue,
                    $"Case '{suiteCase.Id}': 'tool_choice: {suiteCase.ToolChoice}' cannot be sent to Ollama: its API has no tool choice (use auto or none).");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolNamePattern();
}
