using System.ClientModel;
using System.ClientModel.Primitives;
using LlmGuard.Execution;
using LlmGuard.Providers.Http;
using LlmGuard.Security;
using LlmGuard.Suites;
using LlmGuard.Text;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace LlmGuard.Providers.OpenAI;

/// <summary>
/// Serves <c>openai</c>, <c>openai-compatible</c> and <c>azure-openai</c> targets (and their embedding models) with the
/// OpenAI .NET SDK through Microsoft.Extensions.AI. The SDK's own retry policy is off: <see cref="ResilientHttpHandler"/> retries.
/// </summary>
internal sealed class OpenAIProvider(OpenAIFlavor flavor, ResilienceOptions resilience) : IChatClientProvider, IEmbeddingGeneratorProvider
{
    private const string OpenAIKeyVariable = "OPENAI_API_KEY";
    private const string AzureKeyVariable = "AZURE_OPENAI_API_KEY";
    private const string OpenAIEndpoint = "https://api.openai.com/v1";

    public string Name => flavor switch
    {
        OpenAIFlavor.OpenAI => ProviderNames.OpenAI,
        OpenAIFlavor.Compatible => ProviderNames.OpenAICompatible,
        _ => ProviderNames.AzureOpenAI,
    };

    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
        if (target.TopK is not null && flavor != OpenAIFlavor.Compatible)
        {
            throw new ProviderConfigurationException($"'top_k' is not a parameter of the OpenAI Chat Completions API, so the '{Name}' target cannot send it: remove it from the target.");
        }

        OpenAIRequestExtras.Validate(target, Name);
        var connection = Connect(target, context);
        var chatClient = new ChatClient(connection.WireModel, connection.Credential, connection.Options).AsIChatClient();
        return new FailureClassifyingChatClient(new OpenAITargetChatClient(chatClient, target, flavor, connection.WireModel, connection.Http), connection.Call);
    }

    /// <summary>An embedding generator for a suite's <c>embedding</c> model: <c>POST {endpoint}/embeddings</c>, through the same retry layer.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(TargetDefinition target, ProviderContext context)
    {
        var connection = Connect(target, context);
        var generator = new EmbeddingClient(connection.WireModel, connection.Credential, connection.Options).AsIEmbeddingGenerator();
        return new FailureClassifyingEmbeddingGenerator(generator, connection.Call, connection.Http);
    }

    /// <summary>The endpoint, key, retry layer and SDK options of one target.</summary>
    private Connection Connect(TargetDefinition target, ProviderContext context)
    {
        var endpoint = Endpoint(target);
        var keyVariable = target.ApiKeyVariable ?? flavor switch
        {
            OpenAIFlavor.OpenAI => OpenAIKeyVariable,
            OpenAIFlavor.Azure => AzureKeyVariable,
            _ => null,
        };
        if (target.ApiKeyVariable is { } named && KeyVariables.Problem(named, context.GetEnvironmentVariable) is { } variableProblem)
        {
            throw new ProviderConfigurationException($"The '{Name}' target's 'api_key_env' is refused: {OutsideText.Escape(variableProblem)}.");
        }

        var key = keyVariable is null ? null : context.GetEnvironmentVariable(keyVariable);
        SecretRedactor.AddKnownValue(key);
        if (string.IsNullOrEmpty(key) && keyVariable is not null)
        {
            throw new ProviderConfigurationException($"The '{Name}' target needs an API key: set the environment variable {keyVariable}" +
                (target.ApiKeyVariable is null ? " (or name another variable in the target's 'api_key_env')." : " (named by the target's 'api_key_env')."));
        }

        if (key is not null && EndpointRules.KeyTransportProblem(endpoint) is { } transport)
        {
            throw new ProviderConfigurationException($"The '{Name}' target's endpoint is refused: {OutsideText.Escape(transport)}. Use https.");
        }

        var call = new ProviderCallContext(Name, AuthenticationHint(keyVariable, target, endpoint), key is null ? [] : [key], target.Timeout);
        var http = ProviderHttpClients.Create(call, resilience, target.RequestsPerMinute);
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            OrganizationId = target.Organization,
            ProjectId = target.Project,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(http),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (key is null || flavor == OpenAIFlavor.Azure)
        {
            options.AddPolicy(new CredentialHeaderPolicy(key), PipelinePosition.BeforeTransport);
        }

        var wireModel = flavor == OpenAIFlavor.Azure ? target.Deployment ?? target.Model : target.Model;
        return new Connection(new ApiKeyCredential(key ?? "no-key"), options, call, http, wireModel);
    }

    private sealed record Connection(ApiKeyCredential Credential, OpenAIClientOptions Options, ProviderCallContext Call, HttpClient Http, string WireModel);

    private Uri Endpoint(TargetDefinition target)
    {
        var configured = target.Endpoint;
        if (configured is null)
        {
            if (flavor != OpenAIFlavor.OpenAI)
            {
                throw new ProviderConfigurationException(flavor == OpenAIFlavor.Azure
                    ? "The 'azure-openai' target needs 'endpoint': the resource's address, e.g. https://my-resource.openai.azure.com."
                    : "The 'openai-compatible' target needs 'endpoint': the server's OpenAI API base address, e.g. http://localhost:8000/v1.");
            }

            configured = OpenAIEndpoint;
        }

        if (EndpointRules.Parse(configured, allowBareHost: false, out var problem) is not { } uri)
        {
            throw new ProviderConfigurationException($"The '{Name}' target's endpoint '{OutsideText.Escape(configured)}' is refused: {problem}.");
        }

        if (EndpointRules.CredentialProblem(uri) is { } credential)
        {
            throw new ProviderConfigurationException($"The '{Name}' target's endpoint is refused: {OutsideText.Escape(credential)}; keys come from the environment ('api_key_env').");
        }

        var text = uri.ToString().TrimEnd('/');
        if (flavor == OpenAIFlavor.Azure && !text.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
        {
            text += "/openai/v1";
        }

        return new Uri(text);
    }

    private string AuthenticationHint(string? keyVariable, TargetDefinition target, Uri endpoint) => keyVariable switch
    {
        null => $"The server at {endpoint} asks for credentials: set the target's 'api_key_env' to the name of an environment variable holding its key.",
        _ when target.ApiKeyVariable is not null => $"Check the API key in the environment variable {keyVariable} (named by the target's 'api_key_env').",
        _ => $"Check the API key in the environment variable {keyVariable}" + (flavor == OpenAIFlavor.Azure ? " (the key of the Azure OpenAI resource)." : "."),
    };
}
