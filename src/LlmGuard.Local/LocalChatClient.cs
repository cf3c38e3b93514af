using System.Runtime.CompilerServices;
using System.Text;
using LlmGuard.Execution;
using LlmGuard.Local.Adapters;
using LlmGuard.Local.Chat;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;
using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local;

/// <summary>
/// An in-process, pure C# chat client for LLaMA-architecture GGUF models (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K),
/// optionally with a LoRA adapter.
/// Outputs are bit-identical across runs, thread counts and processor vector widths (see docs/local-model.md).
/// Loads the model once in the constructor; thread-safe, each request runs with its own key/value cache.
/// Honours <see cref="ChatOptions"/> Temperature, Seed, MaxOutputTokens, TopP, TopK and StopSequences.
/// Scores a given answer by teacher forcing (<see cref="IAnswerScorer"/>), with the KL divergence from another local
/// model that shares its vocabulary.
/// </summary>
public sealed class LocalChatClient : IChatClient, IModelIdentitySource, IAnswerScorer
{
    /// <summary>The provider name reported in <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "llmguard-local";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that asks for a raw completion (value <c>true</c>).</summary>
    public const string RawPropertyName = "raw";

    private readonly LocalModelOptions options;
    private readonly LoadedModel model;
    private readonly RowParallel parallel;
    private readonly ChatClientMetadata metadata;

    /// <summary>Loads the model named by <paramref name="options"/> (reading and hashing the file once).</summary>
    public LocalChatClient(LocalModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        model = LoadedModel.Load(
            options.ModelPath,
            options.ModelId,
            options.AdapterPath is { } adapter ? [new AdapterReference(adapter, options.AdapterScale)] : null);
        parallel = new RowParallel(options.Threads ?? Environment.ProcessorCount);
        ContextLength = Math.Min(options.ContextLength ?? model.Network.Config.ContextLength, model.Network.Config.ContextLength);
        metadata = new ChatClientMetadata(ProviderName, new Uri(Path.GetFullPath(options.ModelPath)), model.Name);
    }

    /// <summary>Loads the GGUF file at <paramref name="modelPath"/> with default options.</summary>
    public LocalChatClient(string modelPath)
        : this(new LocalModelOptions { ModelPath = modelPath })
    {
    }

    /// <summary>The model's identity: <c>sha256:</c> digest of the file, name, architecture, parameter count, quantization.</summary>
    public ModelIdentity Identity => model.Identity;

    /// <summary>The model id reported in responses.</summary>
    public string ModelId => model.Name;

    /// <summary>The context length requests run with.</summary>
    public int ContextLength { get; }

    /// <summary>How long reading, hashing and preparing the weights took.</summary>
    public TimeSpan LoadTime => model.LoadTime;

    internal LoadedModel Model => model;

    /// <inheritdoc />
    public ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(model.Identity);

    /// <summary>Always true: any answer is scored by feeding it to the model token by token.</summary>
    public bool ScoresAnyAnswer => true;

    /// <summary>
    /// Scores <paramref name="answer"/> as the reply to <paramref name="messages"/> by teacher forcing: the prompt as a
    /// request would render it, then the answer's tokens (the tokenizer's encoding of the text, without BOS), each
    /// token's log-probability taken from the log-softmax (in double) of the logits that predict it. With another
    /// <see cref="LocalChatClient"/> as <paramref name="reference"/> that renders the same tokens and has the same
    /// vocabulary size, also scores the answer under it and measures KL(reference ‖ this) at every position.
    /// </summary>
    /// <returns>The score; null when the answer is empty or the prompt and answer do not fit the context.</returns>
    public async ValueTask<AnswerScore?> ScoreAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string answer, IAnswerScorer? reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(answer);
        var prompt = PromptTokens(messages, options);
        var answerTokens = model.Tokenizer.Encode(answer, addBos: false);
        if (answerTokens.Length == 0 || prompt.Length + answerTokens.Length > ContextLength)
        {
            return null;
        }

        var other = reference as LocalChatClient;
        if (other is not null && (other.model.Network.VocabularySize != model.Network.VocabularySize
            || !other.PromptTokens(messages, options).AsSpan().SequenceEqual(prompt)
            || !other.model.Tokenizer.Encode(answer, addBos: false).AsSpan().SequenceEqual(answerTokens)
            || prompt.Length + answerTokens.Length > other.ContextLength))
        {
            other = null;
        }

        return await Task.Run(() => Score(prompt, answerTokens, other, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private AnswerScore Score(int[] prompt, int[] answer, LocalChatClient? reference, CancellationToken cancellationToken)
    {
        var vocabulary = model.Network.VocabularySize;
        var own = new double[answer.Length];
        var referenceOwn = reference is null ? null : new double[answer.Length];
        var kl = 0.0;
        var logProbabilities = new double[vocabulary];
        var referenceLogProbabilities = new double[vocabulary];
        using var ownBlocks = TeacherForcing.Logits(model, parallel, prompt, answer).GetEnumerator();
        using var referenceBlocks = reference is null ? null : TeacherForcing.Logits(reference.model, reference.parallel, prompt, answer).GetEnumerator();
        var position = 0;
        while (ownBlocks.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (logits, count) = ownBlocks.Current;
            float[]? referenceLogits = null;
            if (referenceBlocks is not null && referenceBlocks.MoveNext())
            {
                referenceLogits = referenceBlocks.Current.Logits;
            }

            for (var row = 0; row < count; row++, position++)
            {
                TeacherForcing.LogSoftmax(logits.AsSpan(row * vocabulary, vocabulary), logProbabilities);
                own[position] = logProbabilities[answer[position]];
                if (referenceLogits is not null)
                {
                    TeacherForcing.LogSoftmax(referenceLogits.AsSpan(row * vocabulary, vocabulary), referenceLogProbabilities);
                    referenceOwn![position] = referenceLogProbabilities[answer[position]];
                    kl += TeacherForcing.KlDivergence(referenceLogProbabilities, logProbabilities);
                }
            }
        }

        return new AnswerScore
        {
            TokenLogProbabilities = own,
            ReferenceTokenLogProbabilities = referenceOwn,
            MeanKlDivergence = referenceOwn is null ? null : kl / answer.Length,
            Method = AnswerScore.TeacherForced,
        };
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var generation = CreateGeneration(messages, options);
        var text = await Task.Run(
            () =>
            {
                var reply = new StringBuilder();
                foreach (var piece in generation.Run(cancellationToken))
                {
                    reply.Append(piece);
                }

                return reply.ToString();
            },
            cancellationToken).ConfigureAwait(false);

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = model.Name,
            FinishReason = ToFinishReason(generation.Finish),
            Usage = Usage(generation),
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var generation = CreateGeneration(messages, options);
        await Task.Yield(); // leave the caller's synchronous context before computing
        foreach (var piece in generation.Run(cancellationToken))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ModelId = model.Name };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(generation))])
        {
            ModelId = model.Name,
            FinishReason = ToFinishReason(generation.Finish),
        };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return metadata;
        }

        if (serviceType == typeof(ModelIdentity))
        {
            return model.Identity;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    internal Generation CreateGeneration(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var raw = options.RawCompletion || IsRawRequested(chatOptions);
        var messageList = messages.ToList();
        var stops = new List<string>(chatOptions?.StopSequences ?? []);
        if (!raw)
        {
            stops.AddRange(model.ChatTemplate.ImplicitStops);
        }

        var sampling = new SamplingSettings(
            chatOptions?.Temperature ?? options.DefaultTemperature,
            chatOptions?.TopK ?? 0,
            chatOptions?.TopP ?? 1f,
            chatOptions?.Seed ?? options.DefaultSeed);
        var maxTokens = chatOptions?.MaxOutputTokens ?? options.DefaultMaxOutputTokens;
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens, "MaxOutputTokens");
        var settings = new GenerationSettings(maxTokens, stops, sampling, TrimLeadingWhitespace: !raw);
        return new Generation(model, PromptTokens(messageList, chatOptions), settings, ContextLength, parallel);
    }

    /// <summary>The prompt's tokens as a request renders them: the chat template, or the raw text when the request is raw.</summary>
    private int[] PromptTokens(IReadOnlyList<ChatMessage> messages, ChatOptions? chatOptions) =>
        options.RawCompletion || IsRawRequested(chatOptions)
            ? model.Tokenizer.Encode(ChatPromptTemplate.RenderRaw(messages), addBos: true)
            : model.ChatTemplate.Encode(messages, model.Tokenizer);

    private static bool IsRawRequested(ChatOptions? chatOptions) =>
        chatOptions?.AdditionalProperties?.TryGetValue(RawPropertyName, out var value) == true
        && value switch
        {
            bool flag => flag,
            string text => bool.TryParse(text, out var parsed) && parsed,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } => true,
            _ => false,
        };

    private static ChatFinishReason? ToFinishReason(GenerationFinish? finish) => finish switch
    {
        GenerationFinish.Stop => ChatFinishReason.Stop,
        GenerationFinish.Length => ChatFinishReason.Length,
        _ => null,
    };

    private static UsageDetails Usage(Generation generation) => new()
    {
        InputTokenCount = generation.PromptTokens.Count,
        OutputTokenCount = generation.GeneratedTokens.Count,
        TotalTokenCount = generation.PromptTokens.Count + generation.GeneratedTokens.Count,
    };
}
