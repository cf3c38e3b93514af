using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>defaults</c> section and the <c>cases</c>: ids, prompts or messages, variables, tags.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] DefaultsKeys = ["vars", "tags", "expect", "compare", "scrub", "repeat"];
    private static readonly string[] CaseKeys = ["id", "description", "prompt", "messages", "vars", "tags", "expect", "compare", "scrub", "tool_choice", "response_format", "expect_change", "repeat"];
    private static readonly string[] MessageKeys = ["role", "content", "tool_calls", "tool_call_id"];
    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    /// <summary>The most times one case's request may be sent in a run.</summary>
    internal const int MaxRepeat = 1000;

    private CaseDefaults? ParseDefaults(YamlNode node)
    {
        var map = reader.Mapping(node, "'defaults'", DefaultsKeys);
        if (map is null)
        {
            return null;
        }

        return new CaseDefaults(
            map.TryGetValue("vars", out var varsNode) ? ParseVars(varsNode) : new Dictionary<string, string>(StringComparer.Ordinal),
            map.TryGetValue("tags", out var tagsNode) ? reader.StringList(tagsNode, "tags").Select(t => t.Value).ToList() : [],
            map.TryGetValue("expect", out var expectNode) ? [.. RawAssertions(expectNode)] : [],
            map.TryGetValue("compare", out var compareNode) ? ParseCompare(compareNode) : null,
            map.TryGetValue("scrub", out var scrubNode) ? ParseScrubbers(scrubNode) : [],
            map.TryGetValue("repeat", out var repeatNode) ? ParseRepeat(repeatNode) : null);
    }

    private int? ParseRepeat(YamlNode node) => (int?)reader.Integer(node, "repeat", 1, MaxRepeat);

    private Dictionary<string, string> ParseVars(YamlNode node)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.IsNull(node))
        {
            return result;
        }

        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'vars' must be a mapping of names to texts, not {YamlNodeReader.Describe(node)}.");
            return result;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                reader.Error(keyNode, DiagnosticCodes.WrongType, $"Variable names in 'vars' must be plain names, not {YamlNodeReader.Describe(keyNode)}.");
                continue;
            }

            if (reader.String(valueNode, $"vars.{name}") is { } value)
            {
                result[name] = value;
            }
        }

        return result;
    }

    private SuiteCase? ParseCase(YamlNode node, CaseDefaults defaults)
    {
        var map = reader.Mapping(node, "a case", CaseKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = reader.ErrorCount;
        var id = reader.RequiredString(map, "id", node, "A case");
        if (id is not null && SafeIds.Problem(id) is { } problem)
        {
            reader.Error(map["id"], DiagnosticCodes.UnsafeId, $"Case id '{Printable(id)}' cannot be used as a snapshot file name: {problem}.");
            id = null;
        }

        var variables = new Dictionary<string, string>(defaults.Vars, StringComparer.Ordinal);
        if (map.TryGetValue("vars", out var varsNode))
        {
            foreach (var (name, value) in ParseVars(varsNode))
            {
                variables[name] = value;
            }
        }

        var messages = new List<ChatMessageDefinition>();
        var hasPrompt = map.TryGetValue("prompt", out var promptNode);
        var hasMessages = map.TryGetValue("messages", out var messagesNode);
        if (hasPrompt == hasMessages)
        {
            reader.Error(hasPrompt ? KeyNode(node, "messages") : node, DiagnosticCodes.PromptOrMessages,
                hasPrompt ? "A case has either 'prompt' or 'messages', not both." : "A case needs either 'prompt' or 'messages'.");
        }
        else if (hasPrompt)
        {
            if (reader.String(promptNode!, "prompt") is { } prompt)
            {
                messages.Add(new ChatMessageDefinition("user", Substitute(prompt, promptNode!, variables)));
            }
            else if (reader.IsNull(promptNode!))
            {
                reader.Error(promptNode!, DiagnosticCodes.InvalidValue, "'prompt' must not be empty.");
            }
        }
        else
        {
            messages.AddRange(ParseMessages(messagesNode!, variables));
        }

        var expect = new List<AssertionDefinition>();
        foreach (var (assertion, assertionNode) in defaults.Expect.Concat(map.TryGetValue("expect", out var expectNode) ? RawAssertions(expectNode) : []))
        {
            if (SubstituteAssertion(assertion, assertionNode, variables) is { } substituted)
            {
                expect.Add(substituted);
            }
        }

        var tags = defaults.Tags
            .Concat(map.TryGetValue("tags", out var tagsNode) ? reader.StringList(tagsNode, "tags").Select(t => t.Value) : [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var compare = map.TryGetValue("compare", out var compareNode) ? ParseCompare(compareNode) : defaults.Compare;
        var scrub = defaults.Scrub.Concat(map.TryGetValue("scrub", out var scrubNode) ? ParseScrubbers(scrubNode) : []).ToList();
        var toolChoice = map.TryGetValue("tool_choice", out var toolChoiceNode) ? ParseToolChoice(toolChoiceNode) : null;
        var responseFormat = map.TryGetValue("response_format", out var formatNode) ? ParseResponseFormat(formatNode) : null;
        var expectChange = map.TryGetValue("expect_change", out var expectChangeNode) && (reader.Boolean(expectChangeNode, "expect_change") ?? false);
        var repeat = map.TryGetValue("repeat", out var repeatNode) ? ParseRepeat(repeatNode) : defaults.Repeat;
        if ((compare ?? CompareOptions.Default).Assertions && expect.Count == 0 && compareNode is not null)
        {
            reader.Error(compareNode, DiagnosticCodes.InvalidValue, "'assertions: true' in 'compare' needs at least one assertion in 'expect' (the case's or the defaults').");
        }

        if (reader.ErrorCount > errorsBefore || id is null)
        {
            return null;
        }

        return new SuiteCase
        {
            Id = id,
            Description = map.TryGetValue("description", out var descriptionNode) ? reader.String(descriptionNode, "description") : null,
            Messages = messages,
            Tags = tags,
            Expect = expect,
            Compare = compare ?? CompareOptions.Default,
            Scrub = scrub,
            ToolChoice = toolChoice,
            ResponseFormat = responseFormat,
            ExpectChange = expectChange,
            Repeat = repeat,
            Location = reader.LocationOf(node),
            IdLocation = reader.LocationOf(map["id"]),
        };
    }

    private List<ChatMessageDefinition> ParseMessages(YamlNode node, IReadOnlyDictionary<string, string> variables)
    {
        var result = new List<ChatMessageDefinition>();
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'messages' must be a list of messages, not {YamlNodeReader.Describe(node)}.");
            return result;
        }

        if (sequence.Children.Count == 0)
        {
            reader.Error(node, DiagnosticCodes.InvalidValue, "'messages' must not be empty.");
        }

        var callIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var messageNode in sequence.Children)
        {
            if (reader.Mapping(messageNode, "a message", MessageKeys) is not { } message)
            {
                continue;
            }

            var role = reader.RequiredString(message, "role", messageNode, "A message");
            if (role is null)
            {
                continue;
            }

            if (!Roles.Contains(role))
            {
                InvalidChoice(message["role"], "role", role, Roles, "");
                continue;
            }

            if (ParseMessage(role, message, messageNode, variables, callIds) is { } parsed)
            {
                result.Add(parsed);
            }
        }

        return result;
    }

    /// <summary>
    /// One message: text for system and user; text, earlier tool calls or both for assistant; for tool, the result
    /// (<c>content</c>) of an earlier call named by <c>tool_call_id</c>.
    /// </summary>
    private ChatMessageDefinition? ParseMessage(string role, IReadOnlyDictionary<string, YamlNode> message, YamlNode messageNode,
        IReadOnlyDictionary<string, string> variables, HashSet<string> callIds)
    {
        var hasCalls = message.TryGetValue("tool_calls", out var callsNode);
        var hasCallId = message.TryGetValue("tool_call_id", out var callIdNode);
        if (hasCalls && role != "assistant")
        {
            reader.Error(KeyNode(messageNode, "tool_calls"), DiagnosticCodes.InvalidValue, $"'tool_calls' belong to an assistant message, not a {role} message.");
            return null;
        }

        if (hasCallId && role != "tool")
        {
            reader.Error(KeyNode(messageNode, "tool_call_id"), DiagnosticCodes.InvalidValue, $"'tool_call_id' belongs to a tool message (a tool's result), not a {role} message.");
            return null;
        }

        string? content;
        if (hasCalls && !message.ContainsKey("content"))
        {
            content = "";
        }
        else
        {
            content = reader.RequiredString(message, "content", messageNode, "A message");
            if (content is null)
            {
                return null;
            }
        }

        var calls = hasCalls ? ParseMessageToolCalls(callsNode!, callIds) : [];
        string? callId = null;
        if (role == "tool")
        {
            callId = reader.RequiredString(message, "tool_call_id", messageNode, "A tool message");
            if (callId is not null && !callIds.Contains(callId))
            {
                var suggestion = Suggestions.Closest(callId, callIds);
                reader.Error(callIdNode!, DiagnosticCodes.InvalidValue,
                    $"'tool_call_id: {callId}' answers no earlier tool call of this case." + (suggestion is null ? " A tool message follows the assistant message whose 'tool_calls' has this id." : $" Did you mean '{suggestion}'?"));
                return null;
            }

            if (callId is null)
            {
                return null;
            }
        }

        var text = message.TryGetValue("content", out var contentNode) ? Substitute(content, contentNode, variables) : content;
        return new ChatMessageDefinition(role, text) { ToolCalls = calls, ToolCallId = callId };
    }

    private string Substitute(string template, YamlNode node, IReadOnlyDictionary<string, string> variables)
    {
        var result = TemplateVariables.Substitute(template, variables, out var missing);
        if (missing.Count == 0)
        {
            return result;
        }

        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var placeholders = PlaceholdersIn(node);
        var known = variables.Keys.Order(StringComparer.Ordinal).ToList();
        for (var number = 0; number < missing.Count; number++)
        {
            var name = missing[number].Name;
            var occurrence = occurrences.GetValueOrDefault(name);
            occurrences[name] = occurrence + 1;
            var location = PlaceholderLocation(node, placeholders, name, occurrence);
            var suggestion = Suggestions.Closest(name, known);
            reader.Error(location, DiagnosticCodes.MissingVariable,
                $"Template variable '{name}' is not defined in the case's or the defaults' 'vars'." +
                (suggestion is not null ? $" Did you mean '{suggestion}'?" : known.Count > 0 ? $" Defined: {string.Join(", ", known)}." : ""));
        }

        return result;
    }

    /// <summary>
    /// Finds a placeholder in the file's text within the node's span, so the position is exact whatever the scalar
    /// style (quoted, block, folded); falls back to the node's start.
    /// </summary>
    private SourceLocation PlaceholderLocation(YamlNode node, IReadOnlyDictionary<string, List<int>> placeholders, string name, int occurrence) =>
        placeholders.TryGetValue(name, out var offsets) && occurrence < offsets.Count
            ? reader.LocationOfOffset(offsets[occurrence])
            : reader.LocationOf(node);

    /// <summary>The file offsets of every placeholder within the node's span, by name, found in one pass.</summary>
    private Dictionary<string, List<int>> PlaceholdersIn(YamlNode node)
    {
        var byName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var start = (int)node.Start.Index;
        var end = (int)Math.Min(node.End.Index, reader.Source.Length);
        if (start >= 0 && start < end)
        {
            foreach (var (name, offset) in TemplateVariables.AllPlaceholders(reader.Source[start..end]))
            {
                if (!byName.TryGetValue(name, out var offsets))
                {
                    byName[name] = offsets = [];
                }

                offsets.Add(start + offset);
            }
        }

        return byName;
    }
}
