using LlmGuard.Execution;
using LlmGuard.Results;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace LlmGuard.Providers.OpenAI;

/// <summary>
/// Adapts the engine's requests to one OpenAI-protocol target: sends the deployment (Azure) or model name and the
/// extra fields, and attaches the identity of the model that answered (the resolved model id and
/// <c>system_fingerprint</c>, read from the SDK's <see cref="ChatCompletion"/>). A suite that pins a resolved model
/// gets a provider error, never a comparison, for any answer from another model; and, since these APIs name the
/// resolved model only in an answer, such a target resolves its identity before any case with one minimal probe
/// (<see cref="IModelIdentitySource"/>), so the runner stops a run whose pin no longer holds before a case is sent.
/// A response format with a schema is sent exactly as the suite wrote it (<c>json_schema</c>, <c>strict</c> as asked),
/// not rewritten by Microsoft.Extensions.AI; tool calls keep their argument text as the model wrote it; and the target
/// scores an answer (<see cref="IAnswerScorer"/>) by asking for the log-probabilities of what it generates.
/// </summary>
internal sealed class OpenAITargetChatClient(IChatClient innerClient, TargetDefinition target, OpenAIFlavor flavor, string wireModel, HttpClient http)
    : DelegatingChatClient(innerClient), IModelIdentitySource, IAnswerScorer
{
    /// <summary>The text of the identity probe.</summary>
    public const string ProbePrompt = "ping";

    private static readonly IReadOnlyList<(byte[] JsonPath, BinaryData Value)> ProbeExtras = OpenAIRequestExtras.Encode([new("max_tokens", 1)]);

    private readonly IReadOnlyList<(byte[] JsonPath, BinaryData Value)> extras = OpenAIRequestExtras.For(target, flavor);

    /// <inheritdoc />
    public bool ScoresAnyAnswer => false;

    /// <summary>
    /// Generates the answer to the request again with <c>logprobs: true</c>; when the server generates exactly
    /// <paramref name="answer"/>, its reported token log-probabilities are the answer's score.
    /// </summary>
    public async ValueTask<AnswerScore?> ScoreAsync(IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options, string answer, IAnswerScorer? reference, CancellationToken cancellationToken)
    {
        var response = await GetResponseCoreAsync(messages, options, logProbabilities: true, cancellationToken).ConfigureAwait(false);
        if (response.RawRepresentation is not ChatCompletion completion || completion.ContentTokenLogProbabilities is not { Count: > 0 } tokens
            || Text.LineEndings.ToLf(response.Text) != Text.LineEndings.ToLf(answer))
        {
            return null;
        }

        return new AnswerScore { TokenLogProbabilities = [.. tokens.Select(token => (double)token.LogProbability)], Method = AnswerScore.AnswerLogProbabilities };
    }

    /// <summary>
    /// Sends one minimal request (<see cref="ProbePrompt"/>, one output token, the target's temperature, none of its
    /// options) and reads the model the answer names. <c>GET /models/{model}</c> would not do: it echoes an alias
    /// instead of resolving it. Offered only to targets that pin <c>resolved_model</c>, so others pay no extra call.
    /// </summary>
    public async ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.Timeout);
        var probe = new ChatOptions
        {
            ModelId = wireModel,
            MaxOutputTokens = 1,
            Temperature = target.Temperature is { } temperature ? (float)temperature : null,
        };
        if (flavor == OpenAIFlavor.Compatible)
        {
            // Many compatible servers read only the older max_tokens.
            probe.RawRepresentationFactory = static _ => OpenAIRequestExtras.Apply(ProbeExtras);
        }

        var response = await base.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, ProbePrompt)], probe, timeout.Token).ConfigureAwait(false);
        var model = (response.RawRepresentation as ChatCompletion)?.Model ?? response.ModelId;
        return string.IsNullOrEmpty(model) ? ModelIdentity.Unknown : new ModelIdentity { ResolvedModelId = model };
    }

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetResponseCoreAsync(messages, options, logProbabilities: false, cancellationToken);

    private async Task<ChatResponse> GetResponseCoreAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options, bool logProbabilities, CancellationToken cancellationToken)
    {
        var response = await base.GetResponseAsync(messages, Prepare(options, logProbabilities), cancellationToken).ConfigureAwait(false);
        KeepArgumentText(response);
        if (response.RawRepresentation is ChatCompletion completion)
        {
            ResponseIdentity.Attach(response, new ModelIdentity
            {
                ResolvedModelId = string.IsNullOrEmpty(completion.Model) ? null : completion.Model,
                SystemFingerprint = string.IsNullOrEmpty(completion.SystemFingerprint) ? null : completion.SystemFingerprint,
            });
        }

        var resolved = ResponseIdentity.Of(response, ModelIdentity.Unknown).ResolvedModelId;
        if (target.PinnedResolvedModel is { } pinned && resolved is not null && resolved != pinned)
        {
            var mismatch = new InvalidOperationException($"The model '{target.Model}' answered as {resolved}, but the suite pins {pinned}.");
            mismatch.Data[ProviderFailure.DataKey] = new ProviderFailure("identity",
                $"the model '{target.Model}' answered as {resolved}, but the suite pins resolved_model {pinned}; re-pin with 'llmguard pin' if the new model is intended");
            throw mismatch;
        }

        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, Prepare(options, logProbabilities: false), cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(IModelIdentitySource)
            ? target.PinnedResolvedModel is null ? null : this
            : serviceKey is null && serviceType == typeof(IAnswerScorer) ? this
            : base.GetService(serviceType, serviceKey);

    /// <summary>Keeps each tool call's arguments as the model wrote them (malformed JSON included) for the engine to record.</summary>
    private static void KeepArgumentText(ChatResponse response)
    {
        foreach (var call in response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>())
        {
            if (call.RawRepresentation is ChatToolCall toolCall)
            {
                call.AdditionalProperties ??= [];
                call.AdditionalProperties[ToolCallReader.RawArgumentsKey] = toolCall.FunctionArguments.ToString();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            http.Dispose();
        }

        base.Dispose(disposing);
    }

    private ChatOptions Prepare(ChatOptions? options, bool logProbabilities)
    {
        var prepared = options?.Clone() ?? new ChatOptions();
        prepared.ModelId = wireModel;
        var strict = prepared.AdditionalProperties?.TryGetValue(ChatRequestFactory.StrictSchemaKey, out var strictValue) == true && strictValue is true;

        // The schema goes out as written: Microsoft.Extensions.AI would rewrite it for OpenAI's strict mode (every property
        // required, no additional properties), which changes what the suite asked for.
        global::OpenAI.Chat.ChatResponseFormat? responseFormat = prepared.ResponseFormat is ChatResponseFormatJson { Schema: { } schema } json
            ? global::OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(json.SchemaName ?? Suites.ResponseFormatDefinition.DefaultSchemaName,
                BinaryData.FromString(schema.GetRawText()), json.SchemaDescription, jsonSchemaIsStrict: strict)
            : null;

        // Extras are written into the JSON below; additional properties are not sent by the OpenAI client.
        prepared.AdditionalProperties = null;
        if (extras.Count > 0 || responseFormat is not null || logProbabilities)
        {
            prepared.RawRepresentationFactory = _ =>
            {
                var raw = OpenAIRequestExtras.Apply(extras);
                raw.ResponseFormat = responseFormat;
                raw.IncludeLogProbabilities = logProbabilities ? true : null;
                return raw;
            };
        }

        return prepared;
    }
}
