using LlmGuard.Execution;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class LocalChatClientTests
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 20 };

    [Test]
    public async Task Identity_is_the_file_digest_with_architecture_and_size()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var source = client.GetService<IModelIdentitySource>();
        Assert.That(source, Is.Not.Null);
        var identity = await source!.ResolveIdentityAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(identity.Digest, Is.EqualTo("sha256:" + DemoModels.BaseSha256));
            Assert.That(identity.ResolvedModelId, Is.EqualTo(DemoModels.BaseModelName));
            Assert.That(identity.Details["architecture"], Is.EqualTo("llama"));
            Assert.That(identity.Details["quantization"], Is.EqualTo("F16"));
            Assert.That(long.Parse(identity.Details["parameters"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(100_000));
            Assert.That(client.GetService<ChatClientMetadata>()!.DefaultModelId, Is.EqualTo(DemoModels.BaseModelName));
        });
    }

    [Test]
    public async Task Max_output_tokens_ends_with_length_and_counts_tokens()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var response = await client.GetResponseAsync("Tell me a story about a dog", new ChatOptions { MaxOutputTokens = 7 });
        Assert.Multiple(() =>
        {
            Assert.That(response.FinishReason, Is.EqualTo(ChatFinishReason.Length));
            Assert.That(response.Usage!.OutputTokenCount, Is.EqualTo(7));
            Assert.That(response.Usage.InputTokenCount, Is.GreaterThan(5));
            Assert.That(response.ModelId, Is.EqualTo(DemoModels.BaseModelName));
            Assert.That(response.Text.Split(' '), Has.Length.EqualTo(7));
        });
    }

    [Test]
    public async Task Stop_sequence_cuts_the_reply_before_it()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var full = (await client.GetResponseAsync("Write a poem about the sea", Greedy)).Text;
        var words = full.Split(' ');
        var stop = " " + words[5] + " ";
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await client.GetResponseAsync("Write a poem about the sea", new ChatOptions { Temperature = 0, MaxOutputTokens = 20, StopSequences = [stop] });

        Assert.Multiple(() =>
        {
            Assert.That(stopped.Text, Is.EqualTo(expected));
            Assert.That(stopped.FinishReason, Is.EqualTo(ChatFinishReason.Stop));
        });
    }

    [Test]
    public async Task Streaming_yields_the_same_text_and_finish_as_the_whole_response()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var whole = await client.GetResponseAsync("Describe a cold night", Greedy);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("Describe a cold night", Greedy))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Multiple(() =>
        {
            Assert.That(updates, Has.Count.GreaterThan(10));
            Assert.That(streamed.Text, Is.EqualTo(whole.Text));
            Assert.That(streamed.FinishReason, Is.EqualTo(whole.FinishReason));
            Assert.That(streamed.Usage!.OutputTokenCount, Is.EqualTo(whole.Usage!.OutputTokenCount));
        });
    }

    [Test]
    public async Task Sampling_with_a_seed_repeats_and_differs_from_another_seed()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        async Task<string> Sample(long seed) => (await client.GetResponseAsync(
            "Tell me something strange",
            new ChatOptions { Temperature = 1.2f, TopK = 20, TopP = 0.95f, Seed = seed, MaxOutputTokens = 20 })).Text;

        var first = await Sample(5);
        var repeated = await Sample(5);
        var otherSeed = await Sample(6);
        Assert.Multiple(() =>
        {
            Assert.That(repeated, Is.EqualTo(first));
            Assert.That(otherSeed, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void Thread_count_does_not_change_a_single_token()
    {
        using var one = DemoModelFixture.CreateBaseClient(threads: 1);
        using var two = DemoModelFixture.CreateBaseClient(threads: 2);
        foreach (var prompt in DemoModels.SamplePrompts.Take(6))
        {
            Assert.That(Tokens(two, prompt), Is.EqualTo(Tokens(one, prompt)), prompt);
        }
    }

    [Test]
    public void Thread_count_does_not_change_a_single_token_on_a_real_model()
    {
        var path = SharedModels.RequireFile("llama-random-gqa-f16.gguf");
        using var one = new LocalChatClient(new LocalModelOptions { ModelPath = path, Threads = 1, RawCompletion = true });
        using var two = new LocalChatClient(new LocalModelOptions { ModelPath = path, Threads = 2, RawCompletion = true });
        var longPrompt = string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 12));
        Assert.That(Tokens(two, longPrompt), Is.EqualTo(Tokens(one, longPrompt)));
    }

    [Test]
    public void Raw_completion_feeds_the_text_unchanged()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var raw = client.CreateGeneration([new ChatMessage(ChatRole.User, "the cat")], new ChatOptions { AdditionalProperties = new() { [LocalChatClient.RawPropertyName] = true } });
        var chat = client.CreateGeneration([new ChatMessage(ChatRole.User, "the cat")], null);
        Assert.Multiple(() =>
        {
            Assert.That(client.Model.Tokenizer.Decode(raw.PromptTokens), Is.EqualTo(" the cat"));
            Assert.That(client.Model.Tokenizer.Decode(chat.PromptTokens), Is.EqualTo(" User: the cat\nAssistant:"));
        });
    }

    [Test]
    public void Batched_prompt_evaluation_equals_token_by_token_evaluation()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var prompt = client.Model.Tokenizer.Encode("User: What is the capital of France?\nAssistant:", addBos: true);
        var batched = new Inference.InferenceSession(client.Model.Network, prompt.Length, new Inference.RowParallel(2)).Evaluate(prompt);
        var stepwise = new Inference.InferenceSession(client.Model.Network, prompt.Length, new Inference.RowParallel(1));
        float[] last = [];
        foreach (var token in prompt)
        {
            last = stepwise.Evaluate([token]);
        }

        Assert.That(batched, Is.EqualTo(last));
    }

    private static int[] Tokens(LocalChatClient client, string prompt)
    {
        var generation = client.CreateGeneration([new ChatMessage(ChatRole.User, prompt)], new ChatOptions { Temperature = 0, MaxOutputTokens = 24 });
        foreach (var unused in generation.Run(CancellationToken.None))
        {
        }

        return [.. generation.GeneratedTokens];
    }
}
