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
/// </summary>
internal sealed class OpenAITargetChatClient(IChatClient innerClient, TargetDefinition target, OpenAIFlavor flavor, string wireModel, HttpClient http)
    : DelegatingChatClient(innerClient), IModelIdentitySource
{
    /// <summary>The text of the identity probe.</summary>
    public const string ProbePrompt = "ping";

    private static readonly IReadOnlyList<(byte[] JsonPath, BinaryData Value)> ProbeExtras = OpenAIRequestExtras.Encode([new("max_tokens", 1)]);

    private readonly Func<IChatClient, object?>? extrasFactory = OpenAIRequestExtras.For(target, flavor) is { Count: > 0 } extras
        ? _ => OpenAIRequestExtras.Apply(extras)
        : null;

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

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, Prepare(options), cancellationToken).ConfigureAwait(false);
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
        base.GetStreamingResponseAsync(messages, Prepare(options), cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(IModelIdentitySource)
            ? target.PinnedResolvedModel is null ? null : this
            : base.GetService(serviceType, serviceKey);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            http.Dispose();
        }

        base.Dispose(disposing);
    }

    private ChatOptions Prepare(ChatOptions? options)
    {
        var prepared = options?.Clone() ?? new ChatOptions();
        prepared.ModelId = wireModel;

        // Extras are written into the JSON below; additional properties are not sent by the OpenAI client.
        prepared.AdditionalProperties = null;
        if (extrasFactory is not null)
        {
            prepared.RawRepresentationFactory = extrasFactory;
        }

        return prepared;
    }
}
