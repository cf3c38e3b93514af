using LlmGuard.Assertions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Suites.Parsing;

/// <summary>Turns the YAML of one suite file into a <see cref="Suite"/>, reporting every problem with its position.</summary>
internal sealed class SuiteFileParser(YamlNodeReader reader, IReadOnlyCollection<string>? knownProviders)
{
    private static readonly string[] RootKeys = ["id", "description", "target", "defaults", "gate", "cases"];
    private static readonly string[] TargetKeys =
    [
        "provider", "model", "endpoint", "api_key_env", "organization", "project", "deployment", "temperature", "seed", "max_tokens", "top_p", "top_k", "stop",
        "system", "options", "pin", "timeout", "concurrency", "requests_per_minute", "adapter", "adapter_scale",
    ];
    private static readonly string[] SecretKeys = ["api_key", "apikey", "api-key", "key", "token", "authorization", "password", "secret"];
    private static readonly string[] PinKeys = ["digest", "resolved_model"];
    private static readonly string[] DefaultsKeys = ["vars", "tags", "expect", "compare", "scrub"];
    private static readonly string[] GateKeys = ["max_changed_share", "critical_tags", "floating_model", "fail_on_identity_change"];
    private static readonly string[] CaseKeys = ["id", "description", "prompt", "messages", "vars", "tags", "expect", "compare", "scrub"];
    private static readonly string[] MessageKeys = ["role", "content"];
    private static readonly string[] CompareKeys = ["mode", "ignore_case"];
    private static readonly string[] ScrubKeys = ["pattern", "replacement"];
    private static readonly string[] Roles = ["system", "user", "assistant"];

    /// <summary>Parses a whole suite document; <paramref name="streamed"/> holds its cases when they were read one by one.</summary>
    public Suite? Parse(YamlNode root, string fullPath, StreamedCases? streamed = null)
    {
        var map = reader.Mapping(root, "the suite", RootKeys);
        if (map is null)
        {
            return null;
        }

        var id = reader.RequiredString(map, "id", root, "The suite");
        if (id is not null && SafeIds.Problem(id) is { } problem)
        {
            reader.Error(map["id"], DiagnosticCodes.UnsafeId, $"Suite id '{Printable(id)}' cannot be used as a folder name: {problem}.");
            id = null;
        }

        var description = map.TryGetValue("description", out var descriptionNode) ? reader.String(descriptionNode, "description") : null;
        var target = map.TryGetValue("target", out var targetNode)
            ? ParseTarget(targetNode)
            : MissingKey<TargetDefinition>(root, "target", "The suite");
        var gate = map.TryGetValue("gate", out var gateNode) ? ParseGate(gateNode) : GateDefinition.Default;
        var defaults = map.TryGetValue("defaults", out var defaultsNode) ? ParseDefaults(defaultsNode) : CaseDefaults.None;

        if (target is not null && gate is not null)
        {
            CheckFloatingModel(target, gate, targetNode!);
        }

        var cases = streamed ?? new StreamedCases(defaults ?? CaseDefaults.None);
        if (!map.TryGetValue("cases", out var casesNode))
        {
            reader.Error(root, DiagnosticCodes.NoCases, "The suite has no 'cases': add at least one case.");
        }
        else if (casesNode is not YamlSequenceNode caseSequence)
        {
            reader.Error(casesNode, DiagnosticCodes.WrongType, $"'cases' must be a list of cases, not {YamlNodeReader.Describe(casesNode)}.");
        }
        else
        {
            if (streamed is null)
            {
                foreach (var caseNode in caseSequence.Children)
                {
                    AddCase(cases, caseNode);
                }
            }

            if (cases.ItemCount == 0)
            {
                reader.Error(casesNode, DiagnosticCodes.NoCases, "The suite has no cases: 'cases' is an empty list.");
            }
        }

        if (reader.ErrorCount > 0 || id is null || target is null || gate is null)
        {
            return null;
        }

        return new Suite
        {
            Id = id,
            Description = description,
            Target = target,
            Gate = gate,
            Cases = cases.Cases,
            IdLocation = reader.LocationOf(map["id"]),
            FilePath = fullPath,
        };
    }

    private static YamlNode KeyNode(YamlNode mapping, string key) =>
        ((YamlMappingNode)mapping).Children.Keys.First(node => node is YamlScalarNode { Value: var value } && value == key);

    /// <summary>
    /// Starts reading cases one by one, before the rest of the document is built: <paramref name="rootSoFar"/> holds the
    /// suite's keys that precede 'cases', from which only 'defaults' is taken.
    /// </summary>
    public StreamedCases BeginCases(YamlMappingNode rootSoFar) =>
        new(rootSoFar.Children.TryGetValue(new YamlScalarNode("defaults"), out var defaultsNode)
            ? ParseDefaults(defaultsNode) ?? CaseDefaults.None
            : CaseDefaults.None);

    public void AddCase(StreamedCases cases, YamlNode caseNode)
    {
        cases.ItemCount++;
        if (ParseCase(caseNode, cases.Defaults) is not { } parsed)
        {
            return;
        }

        if (cases.Locations.TryGetValue(parsed.Id, out var first))
        {
            reader.Error(parsed.IdLocation, DiagnosticCodes.DuplicateCaseId,
                $"Case id '{parsed.Id}' is already used at line {first.Line}, column {first.Column} (ids must differ in more than letter case, since snapshot file names must).");
            return;
        }

        cases.Locations[parsed.Id] = parsed.IdLocation;
        cases.Cases.Add(parsed);
    }

    private T? MissingKey<T>(YamlNode owner, string key, string what)
        where T : class
    {
        reader.Error(owner, DiagnosticCodes.MissingKey, $"{what} is missing the required key '{key}'.");
        return null;
    }

    private TargetDefinition? ParseTarget(YamlNode node)
    {
        var map = reader.Mapping(node, "'target'", TargetKeys, SecretKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = reader.ErrorCount;
        foreach (var secretKey in SecretKeys.Where(map.ContainsKey))
        {
            reader.Error(KeyNode(node, secretKey), DiagnosticCodes.SecretInSuite,
                $"'{secretKey}' is not allowed: secrets are never written in a suite. Keys come from the environment; set 'api_key_env' to the name of the variable that holds it.");
        }

        var provider = reader.RequiredString(map, "provider", node, "'target'");
        if (provider is not null && knownProviders is not null && !knownProviders.Contains(provider))
        {
            var suggestion = Suggestions.Closest(provider, knownProviders);
            reader.Error(map["provider"], DiagnosticCodes.UnknownProvider,
                $"Provider '{provider}' is not registered." + (suggestion is null
                    ? $" Registered providers: {string.Join(", ", knownProviders.Order(StringComparer.Ordinal))}."
                    : $" Did you mean '{suggestion}'?"));
        }

        var model = reader.RequiredString(map, "model", node, "'target'");
        if (model is not null)
        {
            model = WithAdapter(map, model, provider);
        }

        double? temperature = 0;
        if (map.TryGetValue("temperature", out var temperatureNode))
        {
            temperature = temperatureNode is YamlScalarNode { Style: ScalarStyle.Plain, Value: "default" }
                ? null
                : reader.Number(temperatureNode, "temperature", 0, 2);
            if (temperature is null && temperatureNode is YamlScalarNode { Value: "default" })
            {
                reader.Report(DiagnosticSeverity.Warning, temperatureNode, DiagnosticCodes.ParameterAdvice,
                    "'temperature: default' sends no temperature, so the provider samples with its own default: outputs may vary between runs. Use a comparison mode or assertions that tolerate variation.");
            }
        }

        var stop = map.TryGetValue("stop", out var stopNode) ? reader.StringList(stopNode, "stop").Select(item => item.Value).ToList() : [];
        var options = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (map.TryGetValue("options", out var optionsNode) && optionsNode is not YamlMappingNode && !reader.IsNull(optionsNode))
        {
            reader.Error(optionsNode, DiagnosticCodes.WrongType, $"'options' must be a mapping of provider options, not {YamlNodeReader.Describe(optionsNode)}.");
        }
        else if (optionsNode is YamlMappingNode optionsMap && reader.PlainValue(optionsMap) is SortedDictionary<string, object?> values)
        {
            RefuseSecretOptions(optionsMap, "options");
            foreach (var (key, value) in values)
            {
                options[key] = value;
            }
        }

        string? pinnedDigest = null, pinnedResolved = null;
        if (map.TryGetValue("pin", out var pinNode) && reader.Mapping(pinNode, "'pin'", PinKeys) is { } pin)
        {
            pinnedDigest = pin.TryGetValue("digest", out var digestNode) ? reader.String(digestNode, "digest") : null;
            pinnedResolved = pin.TryGetValue("resolved_model", out var resolvedNode) ? reader.String(resolvedNode, "resolved_model") : null;
        }

        var target = new TargetDefinition
        {
            Provider = provider ?? "",
            Model = model ?? "",
            Endpoint = map.TryGetValue("endpoint", out var endpointNode) ? reader.String(endpointNode, "endpoint") : null,
            ApiKeyVariable = map.TryGetValue("api_key_env", out var keyVariableNode) ? reader.String(keyVariableNode, "api_key_env") : null,
            Organization = map.TryGetValue("organization", out var organizationNode) ? reader.String(organizationNode, "organization") : null,
            Project = map.TryGetValue("project", out var projectNode) ? reader.String(projectNode, "project") : null,
            Deployment = map.TryGetValue("deployment", out var deploymentNode) ? reader.String(deploymentNode, "deployment") : null,
            Temperature = temperature,
            Seed = map.TryGetValue("seed", out var seedNode) ? reader.Integer(seedNode, "seed", long.MinValue, long.MaxValue) : null,
            MaxOutputTokens = map.TryGetValue("max_tokens", out var maxNode) ? (int?)reader.Integer(maxNode, "max_tokens", 1, int.MaxValue) : null,
            TopP = map.TryGetValue("top_p", out var topPNode) ? reader.Number(topPNode, "top_p", 0, 1) : null,
            TopK = map.TryGetValue("top_k", out var topKNode) ? (int?)reader.Integer(topKNode, "top_k", 1, int.MaxValue) : null,
            Stop = stop,
            SystemPrompt = map.TryGetValue("system", out var systemNode) ? reader.String(systemNode, "system") : null,
            Options = options,
            PinnedDigest = pinnedDigest,
            PinnedResolvedModel = pinnedResolved,
            Timeout = map.TryGetValue("timeout", out var timeoutNode) ? reader.Duration(timeoutNode, "timeout") ?? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(120),
            Concurrency = map.TryGetValue("concurrency", out var concurrencyNode) ? (int?)reader.Integer(concurrencyNode, "concurrency", 1, 1024) : null,
            RequestsPerMinute = map.TryGetValue("requests_per_minute", out var rateNode) ? (int?)reader.Integer(rateNode, "requests_per_minute", 1, 1_000_000) : null,
            Location = reader.LocationOf(node),
        };
        return reader.ErrorCount > errorsBefore ? null : target;
    }

    /// <summary>
    /// A local target's LoRA adapter is part of the model it asks for: <c>adapter: a.gguf</c> with <c>adapter_scale: 0.5</c>
    /// becomes the model name <c>{model}+a.gguf@0.5</c> (the spelling <c>llmguard run --model</c> takes), so a changed
    /// adapter is a changed model — its outputs are compared and the change is reported — not a changed request.
    /// </summary>
    private string WithAdapter(IReadOnlyDictionary<string, YamlNode> map, string model, string? provider)
    {
        var hasAdapter = map.TryGetValue("adapter", out var adapterNode);
        var hasScale = map.TryGetValue("adapter_scale", out var scaleNode);
        if (!hasAdapter)
        {
            if (hasScale)
            {
                reader.Error(scaleNode!, DiagnosticCodes.InvalidValue, "'adapter_scale' needs an 'adapter'.");
            }

            return model;
        }

        if (provider is not null && provider != "local")
        {
            reader.Error(adapterNode!, DiagnosticCodes.InvalidValue, $"'adapter' is understood by the local provider only, not by '{provider}'.");
            return model;
        }

        var adapter = reader.String(adapterNode!, "adapter");
        var scale = hasScale ? reader.Number(scaleNode!, "adapter_scale", -100, 100) : 1;
        if (string.IsNullOrWhiteSpace(adapter) || scale is null)
        {
            if (adapter is not null && string.IsNullOrWhiteSpace(adapter))
            {
                reader.Error(adapterNode!, DiagnosticCodes.InvalidValue, "'adapter' must be the path of a LoRA adapter (.gguf).");
            }

            return model;
        }

        return scale == 1
            ? $"{model}+{adapter}"
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{model}+{adapter}@{(float)scale.Value:R}");
    }

    /// <summary>
    /// Walks the options at any depth (mappings and lists) and refuses every key that names a credential, at the key,
    /// and every value that looks like one: options are written verbatim into the request fingerprint and snapshot headers.
    /// </summary>
    private void RefuseSecretOptions(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        continue;
                    }

                    var keyPath = $"{path}.{key}";
                    if (SecretLikeness.IsSecretName(key))
                    {
                        reader.Error(keyNode, DiagnosticCodes.SecretInSuite,
                            $"'{keyPath}' is not allowed: its name says it holds a credential, and secrets are never written in a suite (options are copied into every snapshot). Keys come from the environment; set 'api_key_env' to the name of the variable that holds it.");
                        continue;
                    }

                    RefuseSecretOptions(valueNode, keyPath);
                }

                break;
            case YamlSequenceNode sequence:
                for (var index = 0; index < sequence.Children.Count; index++)
                {
                    RefuseSecretOptions(sequence.Children[index], $"{path}[{index}]");
                }

                break;
            case YamlScalarNode { Value: { } text } when SecretLikeness.DescribeSecretValue(text) is { } kind:
                reader.Error(node, DiagnosticCodes.SecretInSuite,
                    $"The value of '{path}' looks like {kind}: secrets are never written in a suite (options are copied into every snapshot). Keys come from the environment; set 'api_key_env' to the name of the variable that holds it.");
                break;
        }
    }

    private void CheckFloatingModel(TargetDefinition target, GateDefinition gate, YamlNode targetNode)
    {
        if (gate.FloatingModel == FloatingModelPolicy.Ignore || FloatingModelNames.Reason(target.Provider, target.Model) is not { } reason)
        {
            return;
        }

        var modelNode = ((YamlMappingNode)targetNode).Children[new YamlScalarNode("model")];
        var severity = gate.FloatingModel == FloatingModelPolicy.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
        reader.Report(severity, modelNode, DiagnosticCodes.FloatingModel,
            $"Floating model name: {reason}." + (severity == DiagnosticSeverity.Warning ? " (Set 'gate.floating_model: error' to refuse such names.)" : ""));
    }

    private GateDefinition? ParseGate(YamlNode node)
    {
        var map = reader.Mapping(node, "'gate'", GateKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = reader.ErrorCount;
        var policy = FloatingModelPolicy.Warn;
        if (map.TryGetValue("floating_model", out var policyNode))
        {
            policy = reader.String(policyNode, "floating_model") switch
            {
                "warn" => FloatingModelPolicy.Warn,
                "error" => FloatingModelPolicy.Error,
                "ignore" => FloatingModelPolicy.Ignore,
                var other => InvalidChoice(policyNode, "floating_model", other, ["warn", "error", "ignore"], FloatingModelPolicy.Warn),
            };
        }

        var gate = new GateDefinition
        {
            MaxChangedShare = map.TryGetValue("max_changed_share", out var shareNode) ? reader.Number(shareNode, "max_changed_share", 0, 1) ?? 0 : 0,
            CriticalTags = map.TryGetValue("critical_tags", out var tagsNode) ? reader.StringList(tagsNode, "critical_tags").Select(t => t.Value).ToList() : [],
            FloatingModel = policy,
            FailOnIdentityChange = !map.TryGetValue("fail_on_identity_change", out var identityNode) || (reader.Boolean(identityNode, "fail_on_identity_change") ?? true),
        };
        return reader.ErrorCount > errorsBefore ? null : gate;
    }

    private T InvalidChoice<T>(YamlNode node, string field, string? value, string[] allowed, T fallback)
    {
        var suggestion = value is null ? null : Suggestions.Closest(value, allowed);
        reader.Error(node, DiagnosticCodes.InvalidValue,
            $"'{field}' must be one of {string.Join(", ", allowed)}, not '{value}'." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"));
        return fallback;
    }

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
            map.TryGetValue("scrub", out var scrubNode) ? ParseScrubbers(scrubNode) : []);
    }

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

        foreach (var messageNode in sequence.Children)
        {
            if (reader.Mapping(messageNode, "a message", MessageKeys) is not { } message)
            {
                continue;
            }

            var role = reader.RequiredString(message, "role", messageNode, "A message");
            var content = reader.RequiredString(message, "content", messageNode, "A message");
            if (role is not null && !Roles.Contains(role))
            {
                InvalidChoice(message["role"], "role", role, Roles, "");
                continue;
            }

            if (role is not null && content is not null)
            {
                result.Add(new ChatMessageDefinition(role, Substitute(content, message["content"], variables)));
            }
        }

        return result;
    }

    private string Substitute(string template, YamlNode node, IReadOnlyDictionary<string, string> variables)
    {
        var result = TemplateVariables.Substitute(template, variables, out var missing);
        for (var number = 0; number < missing.Count; number++)
        {
            var name = missing[number].Name;
            var occurrence = missing.Take(number).Count(earlier => earlier.Name == name);
            var location = PlaceholderLocation(node, name, occurrence);
            var known = variables.Keys.Order(StringComparer.Ordinal).ToList();
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
    private SourceLocation PlaceholderLocation(YamlNode node, string name, int occurrence)
    {
        var start = (int)node.Start.Index;
        var end = (int)Math.Min(node.End.Index, reader.Source.Length);
        if (start >= 0 && start < end)
        {
            var matches = TemplateVariables.Placeholders(reader.Source[start..end], name);
            if (occurrence < matches.Count)
            {
                return reader.LocationOfOffset(start + matches[occurrence]);
            }
        }

        return reader.LocationOf(node);
    }

    private CompareOptions? ParseCompare(YamlNode node)
    {
        string[] modes = ["exact", "normalized", "json"];
        if (node is YamlScalarNode)
        {
            return new CompareOptions(ParseMode(node, reader.String(node, "compare"), modes));
        }

        var map = reader.Mapping(node, "'compare'", CompareKeys);
        if (map is null)
        {
            return null;
        }

        var mode = map.TryGetValue("mode", out var modeNode) ? ParseMode(modeNode, reader.String(modeNode, "mode"), modes) : CompareMode.Exact;
        var ignoreCase = map.TryGetValue("ignore_case", out var caseNode) && (reader.Boolean(caseNode, "ignore_case") ?? false);
        if (ignoreCase && mode != CompareMode.Normalized)
        {
            reader.Error(caseNode!, DiagnosticCodes.InvalidValue, "'ignore_case' applies only to 'mode: normalized'.");
        }

        return new CompareOptions(mode, ignoreCase);
    }

    private CompareMode ParseMode(YamlNode node, string? value, string[] modes) => value switch
    {
        "exact" => CompareMode.Exact,
        "normalized" => CompareMode.Normalized,
        "json" => CompareMode.Json,
        _ => InvalidChoice(node, "compare mode", value, modes, CompareMode.Exact),
    };

    private List<ScrubberDefinition> ParseScrubbers(YamlNode node)
    {
        var result = new List<ScrubberDefinition>();
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'scrub' must be a list of scrubbers, not {YamlNodeReader.Describe(node)}.");
            return result;
        }

        string[] builtIns = ["guids", "dates", "long-numbers"];
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode)
            {
                var name = reader.String(item, "scrub");
                BuiltInScrubber? builtIn = name switch
                {
                    "guids" => BuiltInScrubber.Guids,
                    "dates" => BuiltInScrubber.Dates,
                    "long-numbers" => BuiltInScrubber.LongNumbers,
                    _ => InvalidChoice<BuiltInScrubber?>(item, "scrub", name, builtIns, null),
                };
                if (builtIn is not null)
                {
                    result.Add(new ScrubberDefinition { BuiltIn = builtIn, Location = reader.LocationOf(item) });
                }

                continue;
            }

            if (reader.Mapping(item, "a scrubber", ScrubKeys) is not { } map)
            {
                continue;
            }

            var pattern = reader.RequiredString(map, "pattern", item, "A scrubber");
            if (pattern is null)
            {
                continue;
            }

            if (AssertionValidation.ValidateRegex(pattern) is { } regexProblem)
            {
                reader.Error(map["pattern"], DiagnosticCodes.InvalidRegex, $"Invalid regular expression in 'pattern': {regexProblem}");
                continue;
            }

            result.Add(new ScrubberDefinition
            {
                Pattern = pattern,
                Replacement = map.TryGetValue("replacement", out var replacementNode) ? reader.String(replacementNode, "replacement") ?? "" : "{scrubbed}",
                Location = reader.LocationOf(item),
            });
        }

        return result;
    }

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
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
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

    private static string Printable(string id) =>
        string.Concat(id.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
