using Microsoft.Extensions.AI;

namespace LlmGuard.Execution.Scripted;

/// <summary>
/// A chat client whose answers are given in advance, keyed by the text of the last user message. For tests
/// and demos of LlmGuard itself; a prompt without an answer is a provider error, never an invented output.
/// </summary>
/// <param name="modelId">The model id reported in responses.</param>
/// <param name="answer">Returns the answer for the messages, or null when there is none.</param>
/// <param name="delay">A delay before each answer, to simulate latency.</param>
public sealed class ScriptedChatClient(string modelId, Func<IReadOnlyList<ChatMessage>, string?> answer, TimeSpan delay = default) : IChatClient
{
    /// <summary>Creates a client answering from a map of last-user-message texts to answers.</summary>
    /// <param name="modelId">The model id reported in responses.</param>
    /// <param name="answers">The answer to each last user message.</param>
    public ScriptedChatClient(string modelId, IReadOnlyDictionary<string, string> answers)
        : this(modelId, messages => answers.GetValueOrDefault(LastUserText(messages)))
    {
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var text = answer(list) ?? throw new InvalidOperationException(
            $"The scripted model has no answer for the prompt \"{Excerpt(LastUserText(list))}\".");
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = modelId, FinishReason = ChatFinishReason.Stop };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The text of the last user message.</summary>
    public static string LastUserText(IReadOnlyList<ChatMessage> messages) =>
        messages.LastOrDefault(message => message.Role == ChatRole.User)?.Text ?? "";

    private static string Excerpt(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
