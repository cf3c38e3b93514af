using LlmGuard.Execution;
using LlmGuard.Providers.Http;
using LlmGuard.Security;
using LlmGuard.Text;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace LlmGuard.Providers.Ollama;

/// <summary>Serves <c>ollama</c> targets (and embedding models, through <c>/api/embed</c>) with OllamaSharp against the native API. A key is optional (for servers behind an authenticating proxy).</summary>
internal sealed class OllamaProvider(ResilienceOptions resilience) : IChatClientProvider, IEmbeddingGeneratorProvider
{
    public string Name => ProviderNames.Ollama;

    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
        var numPredict = OllamaRequestRules.Validate(target);
        var (api, call, http, host) = Connect(target, context);
        return new FailureClassifyingChatClient(new OllamaTargetChatClient(api, target, numPredict, host, http), call);
    }

    /// <summary>An embedding generator for a suite's <c>embedding</c> model: Ollama's <c>/api/embed</c>, through the same retry layer.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(TargetDefinition target, ProviderContext context)
    {
        var (api, call, http, _) = Connect(target, context);
        return new FailureClassifyingEmbeddingGenerator(api, call, http);
    }

    private (OllamaApiClient Api, ProviderCallContext Call, HttpClient Http, Uri Host) Connect(TargetDefinition target, ProviderContext context)
    {
        var host = OllamaHost.Resolve(target.Endpoint, context.GetEnvironmentVariable);
        string? key = null;
        if (target.ApiKeyVariable is { } keyVariable)
        {
            if (KeyVariables.Problem(keyVariable, context.GetEnvironmentVariable) is { } variableProblem)
            {
                throw new ProviderConfigurationException($"The 'ollama' target's 'api_key_env' is refused: {OutsideText.Escape(variableProblem)}.");
            }

            if (EndpointRules.KeyTransportProblem(host) is { } transport)
            {
                throw new ProviderConfigurationException($"The 'ollama' target's host is refused: {OutsideText.Escape(transport)}. Use https.");
            }

            key = context.GetEnvironmentVariable(keyVariable);
            if (string.IsNullOrEmpty(key))
            {
                throw new ProviderConfigurationException($"The 'ollama' target names 'api_key_env: {keyVariable}', but that environment variable is not set.");
            }
        }

        var hint = target.ApiKeyVariable is { } named
            ? $"Check the key in the environment variable {named} (named by the target's 'api_key_env')."
            : $"The server at {host} asks for credentials: set the target's 'api_key_env' to the name of an environment variable holding its key.";
        var call = new ProviderCallContext(Name, hint, key is null ? [] : [key], target.Timeout);
        var http = ProviderHttpClients.Create(call, resilience, target.RequestsPerMinute, host);
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return (new OllamaApiClient(http, target.Model), call, http, host);
    }
}
