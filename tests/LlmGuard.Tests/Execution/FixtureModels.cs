using System.Collections.Concurrent;
using LlmGuard.Execution;
using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Tests.Execution;

/// <summary>
/// Provider <c>fixture</c>: models whose answers, weights digest and resolved id the test sets. An answer given as several
/// texts is given in turn (one per call), so repeats can disagree; the seed of every call is recorded.
/// </summary>
internal sealed class FixtureModels
{
    private readonly ConcurrentDictionary<string, int> turns = new(StringComparer.Ordinal);

    /// <summary>The answers of each model, by prompt.</summary>
    public Dictionary<string, Dictionary<string, string[]>> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>The weights digest each model reports (none when absent).</summary>
    public Dictionary<string, string> Digests { get; } = new(StringComparer.Ordinal);

    /// <summary>The resolved id each model reports; the model name when absent.</summary>
    public Dictionary<string, string> ResolvedIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The tool calls each model's answer makes, by <c>model\nprompt</c> (none when absent).</summary>
    public Dictionary<string, FunctionCallContent[]> ToolCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call: model, prompt and the seed sent.</summary>
    public ConcurrentQueue<(string Model, string Prompt, long? Seed)> Calls { get; } = new();

    public void Answer(string model, string prompt, params string[] answers)
    {
        if (!Answers.TryGetValue(model, out var byPrompt))
        {
            Answers[model] = byPrompt = new Dictionary<string, string[]>(StringComparer.Ordinal);
        }

        byPrompt[prompt] = answers;
        turns.TryRemove(model + "\n" + prompt, out _);
    }

    public ProviderRegistry Registry(ProviderRegistry? registry = null) =>
        (registry ?? new ProviderRegistry()).Register("fixture", (target, _) => new Client(this, target.Model));

    private string Next(string model, string prompt)
    {
        if (!Answers.TryGetValue(model, out var byPrompt) || !byPrompt.TryGetValue(prompt, out var answers))
        {
            throw new InvalidOperationException($"The fixture model '{model}' has no answer for \"{prompt}\".");
        }

        var turn = turns.AddOrUpdate(model + "\n" + prompt, 0, (_, count) => count + 1);
        return answers[turn % answers.Length];
    }

    private ModelIdentity Identity(string model) => new()
    {
        ResolvedModelId = ResolvedIds.GetValueOrDefault(model) ?? model,
        Digest = Digests.GetValueOrDefault(model),
    };

    private sealed class Client(FixtureModels models, string model) : IChatClient, IModelIdentitySource
    {
        public ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(models.Identity(model));

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var prompt = messages.Last(message => message.Role == ChatRole.User).Text;
            models.Calls.Enqueue((model, prompt, options?.Seed));
            var answer = new ChatMessage(ChatRole.Assistant, models.Next(model, prompt));
            if (models.ToolCalls.TryGetValue(model + "\n" + prompt, out var calls))
            {
                foreach (var call in calls)
                {
                    answer.Contents.Add(call);
                }
            }

            return Task.FromResult(new ChatResponse(answer) { ModelId = models.Identity(model).ResolvedModelId });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
