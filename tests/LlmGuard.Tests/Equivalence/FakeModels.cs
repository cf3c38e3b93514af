using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace LlmGuard.Tests.Equivalence;

/// <summary>An embedding generator answering from a function, counting the texts it was asked to embed.</summary>
internal sealed class FakeEmbeddingGenerator(Func<string, float[]> embed, string modelId = "fake-embedder") : IEmbeddingGenerator<string, Embedding<float>>
{
    public ConcurrentQueue<string> Embedded { get; } = new();

    public Func<Exception>? Failure { get; set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Failure is { } failure)
        {
            throw failure();
        }

        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            Embedded.Enqueue(value);
            embeddings.Add(new Embedding<float>(embed(value)) { ModelId = modelId });
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>A chat client answering every request from a function of its last user message, counting the requests.</summary>
internal sealed class FakeJudgeClient(Func<string, string> answer, string modelId = "fake-judge") : IChatClient
{
    public ConcurrentQueue<(string Prompt, ChatOptions? Options)> Requests { get; } = new();

    public TimeSpan Delay { get; set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.Last(message => message.Role == ChatRole.User).Text;
        Requests.Enqueue((prompt, options));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(prompt))) { ModelId = modelId };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>Answer 1 and answer 2 of a judge prompt.</summary>
    public static (string First, string Second) Answers(string prompt)
    {
        static string Between(string text, string open, string close)
        {
            var start = text.IndexOf(open, StringComparison.Ordinal) + open.Length;
            return text[start..text.IndexOf(close, start, StringComparison.Ordinal)].Trim('\n');
        }

        return (Between(prompt, "<answer-1>", "</answer-1>"), Between(prompt, "<answer-2>", "</answer-2>"));
    }
}
