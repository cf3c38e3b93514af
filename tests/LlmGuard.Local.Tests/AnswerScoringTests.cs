using LlmGuard.Execution;
using LlmGuard.Local.Inference;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Tests;

/// <summary>Teacher-forced scoring of a given answer (<see cref="LocalChatClient.ScoreAsync"/>) on the demo models.</summary>
[TestFixture]
public sealed class AnswerScoringTests
{
    private static readonly ChatOptions Greedy = new() { Temperature = 0, MaxOutputTokens = 20 };

    private static LocalChatClient FineTuned(int threads) =>
        new(new LocalModelOptions { ModelPath = DemoModelFixture.Paths.BasePath, AdapterPath = DemoModelFixture.Paths.FineTunedPath, Threads = threads });

    private static List<ChatMessage> Prompt(string text) => [new(ChatRole.User, text)];

    [TestCase("Tell me a story about a dog")]
    [TestCase("Why is the sky blue?")]
    public async Task Log_probabilities_equal_a_direct_computation_from_the_logits(string question)
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var answer = (await client.GetResponseAsync(Prompt(question), Greedy)).Text;

        var score = await client.ScoreAsync(Prompt(question), Greedy, answer, reference: null, CancellationToken.None);

        // Direct: feed prompt and answer one token at a time and take log-softmax of each step's logits with Math.Exp/Math.Log.
        var model = client.Model;
        var prompt = model.ChatTemplate.Encode(Prompt(question), model.Tokenizer);
        var answerTokens = model.Tokenizer.Encode(answer, addBos: false);
        var session = new InferenceSession(model.Network, prompt.Length + answerTokens.Length, new RowParallel(1));
        var logits = session.Evaluate(prompt);
        var expected = new double[answerTokens.Length];
        for (var position = 0; position < answerTokens.Length; position++)
        {
            var max = logits.Max();
            var logSum = Math.Log(logits.Sum(logit => Math.Exp((double)logit - max)));
            expected[position] = (double)logits[answerTokens[position]] - max - logSum;
            if (position + 1 < answerTokens.Length)
            {
                logits = session.Evaluate([answerTokens[position]]);
            }
        }

        Assert.That(score, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(score!.Method, Is.EqualTo(AnswerScore.TeacherForced));
            Assert.That(score.TokenLogProbabilities, Has.Count.EqualTo(answerTokens.Length));
            Assert.That(answerTokens, Has.Length.GreaterThan(10), "the answer spans several tokens");
            for (var position = 0; position < expected.Length; position++)
            {
                Assert.That(score.TokenLogProbabilities[position], Is.EqualTo(expected[position]).Within(1e-9), $"position {position}");
            }
        });
    }

    [Test]
    public async Task A_greedy_answer_scores_the_most_likely_token_at_every_position()
    {
        using var client = DemoModelFixture.CreateBaseClient();
        var answer = (await client.GetResponseAsync(Prompt("How do I learn music?"), Greedy)).Text;
        var model = client.Model;
        var prompt = model.ChatTemplate.Encode(Prompt("How do I learn music?"), model.Tokenizer);
        var answerTokens = model.Tokenizer.Encode(answer, addBos: false);
        var session = new InferenceSession(model.Network, prompt.Length + answerTokens.Length, new RowParallel(1));
        var logits = session.Evaluate(prompt);
        for (var position = 0; position < answerTokens.Length; position++)
        {
            Assert.That(Sampling.TokenSampler.ArgMax(logits), Is.EqualTo(answerTokens[position]),
                $"position {position}: the re-tokenized answer is the token sequence the model generated");
            if (position + 1 < answerTokens.Length)
            {
                logits = session.Evaluate([answerTokens[position]]);
            }
        }
    }

    [Test]
    public async Task Scores_and_divergence_are_bit_identical_at_1_and_2_threads()
    {
        const string Question = "What should I eat today?";
        using var baseOne = DemoModelFixture.CreateBaseClient(threads: 1);
        using var baseTwo = DemoModelFixture.CreateBaseClient(threads: 2);
        using var tunedOne = FineTuned(1);
        using var tunedTwo = FineTuned(2);
        var answer = (await baseOne.GetResponseAsync(Prompt(Question), Greedy)).Text;

        var one = await tunedOne.ScoreAsync(Prompt(Question), Greedy, answer, baseOne, CancellationToken.None);
        var two = await tunedTwo.ScoreAsync(Prompt(Question), Greedy, answer, baseTwo, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Bits(one!.TokenLogProbabilities), Is.EqualTo(Bits(two!.TokenLogProbabilities)));
            Assert.That(Bits(one.ReferenceTokenLogProbabilities!), Is.EqualTo(Bits(two.ReferenceTokenLogProbabilities!)));
            Assert.That(BitConverter.DoubleToInt64Bits(one.MeanKlDivergence!.Value), Is.EqualTo(BitConverter.DoubleToInt64Bits(two.MeanKlDivergence!.Value)));
        });
    }

    [Test]
    public async Task The_reference_scores_equal_the_reference_scoring_alone_and_the_fine_tune_diverges()
    {
        const string Question = "Give me a good name for a cat";
        using var baseClient = DemoModelFixture.CreateBaseClient();
        using var tuned = FineTuned(1);
        var answer = (await baseClient.GetResponseAsync(Prompt(Question), Greedy)).Text;

        var alone = await baseClient.ScoreAsync(Prompt(Question), Greedy, answer, null, CancellationToken.None);
        var self = await baseClient.ScoreAsync(Prompt(Question), Greedy, answer, baseClient, CancellationToken.None);
        var drift = await tuned.ScoreAsync(Prompt(Question), Greedy, answer, baseClient, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(alone!.ReferenceTokenLogProbabilities, Is.Null);
            Assert.That(alone.MeanKlDivergence, Is.Null);
            Assert.That(self!.MeanKlDivergence, Is.EqualTo(0).Within(1e-12), "a model does not diverge from itself");
            Assert.That(Bits(drift!.ReferenceTokenLogProbabilities!), Is.EqualTo(Bits(alone.TokenLogProbabilities)));
            Assert.That(drift.MeanKlDivergence, Is.GreaterThan(1e-6), "the fine-tune moves the next-token distributions");
            Assert.That(drift.MeanLogProbability, Is.Not.EqualTo(alone.MeanLogProbability));
        });
    }

    [Test]
    public async Task Nothing_is_scored_for_an_empty_answer_or_one_beyond_the_context()
    {
        using var client = new LocalChatClient(new LocalModelOptions { ModelPath = DemoModelFixture.Paths.BasePath, ContextLength = 32 });
        var tooLong = string.Join(' ', Enumerable.Repeat("the", 64));

        Assert.Multiple(async () =>
        {
            Assert.That(await client.ScoreAsync(Prompt("Hello"), null, "", null, CancellationToken.None), Is.Null);
            Assert.That(await client.ScoreAsync(Prompt("Hello"), null, tooLong, null, CancellationToken.None), Is.Null);
            Assert.That(client.GetService(typeof(IAnswerScorer)), Is.SameAs(client));
            Assert.That(client.ScoresAnyAnswer, Is.True);
        });
    }

    private static long[] Bits(IReadOnlyList<double> values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
