using LlmGuard.Execution;
using LlmGuard.Results;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace LlmGuard.Providers.Ollama;

/// <summary>
/// Adapts the engine's requests to one Ollama target and reports the model's identity: resolved once (the runner
/// asks before any case, through <see cref="IModelIdentitySource"/>) and attached to every answer. Tools and the
/// response format go through OllamaSharp (Ollama's <c>tools</c> and <c>format</c>); <c>tool_choice: none</c> sends no
/// tools, since Ollama has no tool choice. The target scores an answer (<see cref="IAnswerScorer"/>) by generating it
/// again with <c>logprobs: true</c> (Ollama 0.12.11 and later), which OllamaSharp's chat request cannot ask for.
/// </summary>
internal sealed class OllamaTargetChatClient(OllamaApiClient api, TargetDefinition target, int? numPredict, Uri host, HttpClient http)
    : DelegatingChatClient(api), IModelIdentitySource, IAnswerScorer
{
    private readonly SemaphoreSlim resolving = new(1, 1);
    private ModelIdentity? identity;

    public async ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken)
    {
        if (identity is { } known)
        {
            return known;
        }

        await resolving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return identity ??= await OllamaIdentityResolver.ResolveAsync(api, target.Model, host, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            resolving.Release();
        }
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var resolved = await ResolveIdentityAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(messages, Prepare(options), cancellationToken).ConfigureAwait(false);

        // OllamaSharp puts load and eval durations here; they vary per call and must not reach a snapshot.
        response.AdditionalProperties = null;
        ResponseIdentity.Attach(response, resolved);
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Prepare(options), cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && (serviceType == typeof(IModelIdentitySource) || serviceType == typeof(IAnswerScorer)) ? this : base.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    public bool ScoresAnyAnswer => false;

    /// <inheritdoc />
    public async ValueTask<AnswerScore?> ScoreAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string answer, IAnswerScorer? reference, CancellationToken cancellationToken)
    {
        using var content = new StringContent(OllamaLogProbabilities.Request(target.Model, messages, Prepare(options)).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(host, "api/chat"), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return OllamaLogProbabilities.Score(body, answer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            http.Dispose();
            resolving.Dispose();
        }

        base.Dispose(disposing);
    }

    private ChatOptions Prepare(ChatOptions? options)
    {
        var prepared = options?.Clone() ?? new ChatOptions();
        prepared.ModelId = target.Model;

        // OllamaSharp assigns MaxOutputTokens to num_predict unconditionally, so the one validated value goes there.
        prepared.MaxOutputTokens = numPredict;
        if (prepared.ToolMode is NoneChatToolMode)
        {
            prepared.Tools = null;
        }
        if (prepared.AdditionalProperties is { } properties)
        {
            properties = new AdditionalPropertiesDictionary(properties);
            properties.Remove(OllamaRequestRules.NumPredict);
            properties.Remove(ChatRequestFactory.StrictSchemaKey);
            prepared.AdditionalProperties = properties;
        }

        return prepared;
    }
}
