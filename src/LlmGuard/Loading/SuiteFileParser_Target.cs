using LlmGuard.Security;
using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>target</c> section: provider, model, parameters, options and pins; no secrets.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] TargetKeys =
    [
        "provider", "model", "endpoint", "api_key_env", "organization", "project", "deployment", "temperature", "seed", "max_tokens", "top_p", "top_k", "stop",
        "system", "options", "pin", "timeout", "concurrency", "requests_per_minute", "adapter", "adapter_scale", "tool_choice", "response_format",
    ];
    private static readonly string[] SecretKeys = ["api_key", "apikey", "api-key", "key", "token", "authorization", "password", "secret"];
    private static readonly string[] PinKeys = ["digest", "resolved_model"];

    private TargetDefinition? ParseTarget(YamlNode node) => ParseTarget(node, "target", TargetKeys);

    /// <summary>Parses a model section (<c>target</c>, <c>judge</c> or <c>embedding</c>) that allows <paramref name="keys"/>.</summary>
    private TargetDefinition? ParseTarget(YamlNode node, string section, IReadOnlyCollection<string> keys)
    {
        var what = $"'{section}'";
        var map = reader.Mapping(node, what, keys, SecretKeys);
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

        var provider = reader.RequiredString(map, "provider", node, what);
        if (provider is not null && knownProviders is not null && !knownProviders.Contains(provider))
        {
            var suggestion = Suggestions.Closest(provider, knownProviders);
            reader.Error(map["provider"], DiagnosticCodes.UnknownProvider,
                $"Provider '{provider}' is not registered." + (suggestion is null
                    ? $" Registered providers: {string.Join(", ", knownProviders.Order(StringComparer.Ordinal))}."
                    : $" Did you mean '{suggestion}'?"));
        }

        var model = reader.RequiredString(map, "model", node, what);
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

        var endpoint = map.TryGetValue("endpoint", out var endpointNode) ? reader.String(endpointNode, "endpoint") : null;
        var keyVariable = map.TryGetValue("api_key_env", out var keyVariableNode) ? reader.String(keyVariableNode, "api_key_env") : null;
        CheckEndpointAndKey(provider, endpoint, endpointNode, keyVariable, keyVariableNode);

        var target = new TargetDefinition
        {
            Provider = provider ?? "",
            Model = model ?? "",
            Endpoint = endpoint,
            ApiKeyVariable = keyVariable,
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
            ToolChoice = map.TryGetValue("tool_choice", out var toolChoiceNode) ? ParseToolChoice(toolChoiceNode) : null,
            ResponseFormat = map.TryGetValue("response_format", out var formatNode) ? ParseResponseFormat(formatNode) : null,
            PinnedDigest = pinnedDigest,
            PinnedResolvedModel = pinnedResolved,
            Timeout = map.TryGetValue("timeout", out var timeoutNode) ? reader.Duration(timeoutNode, "timeout") ?? TimeSpan.FromSeconds(120) : TimeSpan.FromSeconds(120),
            Concurrency = map.TryGetValue("concurrency", out var concurrencyNode) ? (int?)reader.Integer(concurrencyNode, "concurrency", 1, 1024) : null,
            RequestsPerMinute = map.TryGetValue("requests_per_minute", out var rateNode) ? (int?)reader.Integer(rateNode, "requests_per_minute", 1, 1_000_000) : null,
            Location = reader.LocationOf(node),
        };
        return reader.ErrorCount > errorsBefore ? null : target;
    }

    /// <summary>The largest magnitude of a LoRA adapter's scale, in <c>adapter_scale</c> and in a model name's <c>@scale</c>.</summary>
    internal const double MaxAdapterScale = 100;

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

        if (provider is not null && provider != ProviderNames.Local)
        {
            reader.Error(adapterNode!, DiagnosticCodes.InvalidValue, $"'adapter' is understood by the local provider only, not by '{provider}'.");
            return model;
        }

        var adapter = reader.String(adapterNode!, "adapter");
        var scale = hasScale ? reader.Number(scaleNode!, "adapter_scale", -MaxAdapterScale, MaxAdapterScale) : 1;
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
    /// Refuses here what the providers would refuse at run time (<see cref="EndpointRules"/>, <see cref="KeyVariables"/>), so
    /// <c>validate</c> fails where <c>run</c> would: an endpoint that is not an http(s) address, one carrying credentials, a key
    /// sent over plain http to another machine, and a key variable that does not look like one. OpenAI and Azure OpenAI
    /// targets always send a key (from their default variable when no <c>api_key_env</c> is named).
    /// </summary>
    private void CheckEndpointAndKey(string? provider, string? endpoint, YamlNode? endpointNode, string? keyVariable, YamlNode? keyVariableNode)
    {
        if (keyVariable is not null && KeyVariables.Problem(keyVariable, policy.GetEnvironmentVariable) is { } keyProblem)
        {
            reader.Error(keyVariableNode!, DiagnosticCodes.KeyPolicy, $"'api_key_env' is refused: {keyProblem}.");
        }

        if (endpoint is null)
        {
            return;
        }

        if (EndpointRules.Parse(endpoint, allowBareHost: provider == ProviderNames.Ollama, out var problem) is not { } uri)
        {
            reader.Error(endpointNode!, DiagnosticCodes.InvalidValue, $"'endpoint' '{endpoint}' is refused: {problem}.");
            return;
        }

        if (EndpointRules.CredentialProblem(uri) is { } credential)
        {
            reader.Error(endpointNode!, DiagnosticCodes.SecretInSuite,
                $"'endpoint' is refused: {credential}, and secrets are never written in a suite. Keys come from the environment; set 'api_key_env' to the name of the variable that holds it.");
            return;
        }

        var sendsKey = keyVariable is not null || provider is ProviderNames.OpenAI or ProviderNames.AzureOpenAI;
        if (sendsKey && EndpointRules.KeyTransportProblem(uri) is { } transport)
        {
            reader.Error(endpointNode!, DiagnosticCodes.KeyPolicy, $"'endpoint' is refused for a target that sends a key: {transport}. Use https.");
        }
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
}
