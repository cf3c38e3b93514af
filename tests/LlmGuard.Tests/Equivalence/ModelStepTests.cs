using LlmGuard.Equivalence;
using LlmGuard.Results;
using LlmGuard.Suites;
using static LlmGuard.Tests.Equivalence.LadderTestData;

namespace LlmGuard.Tests.Equivalence;

/// <summary>The embedding and judge steps with in-process models: thresholds, votes, the cache, and failures that are never passes.</summary>
public sealed class ModelStepTests
{
    private static readonly TargetDefinition EmbeddingTarget = new() { Provider = "fake", Model = "fake-embedder", Timeout = TimeSpan.FromSeconds(5) };
    private static readonly TargetDefinition JudgeTarget = new() { Provider = "fake", Model = "fake-judge", Temperature = 0, MaxOutputTokens = 200, Timeout = TimeSpan.FromSeconds(5) };

    private string cacheFolder = "";

    [SetUp]
    public void CreateCache() => cacheFolder = Directory.CreateTempSubdirectory("llmguard-cache-").FullName;

    [TearDown]
    public void DeleteCache() => Directory.Delete(cacheFolder, recursive: true);

    private EquivalenceLadder Ladder(FakeEmbeddingGenerator? embeddings = null, FakeJudgeClient? judge = null, ComparisonCache? cache = null) =>
        new(new ComparisonModels(
            judge is null ? null : (judge, JudgeTarget),
            embeddings is null ? null : (embeddings, EmbeddingTarget),
            cache ?? new ComparisonCache(cacheFolder),
            new ComparisonCallCounters()));

    private static LadderResult Compare(EquivalenceLadder ladder, LadderInput input) => ladder.CompareAsync(input, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    private static float[] Vector(params float[] values) => values;

    [Test]
    public void Embedding_similarity_at_the_threshold_is_equivalent_and_below_it_undecided_with_the_model_recorded()
    {
        var vectors = new Dictionary<string, float[]>
        {
            ["Paris is the capital."] = Vector(1, 0, 0),
            ["The capital is Paris."] = Vector(0.9f, 0.1f, 0),
            ["Lyon is the capital."] = Vector(0, 1, 0),
        };
        var ladder = Ladder(new FakeEmbeddingGenerator(text => vectors[text], "text-embedding-3-small"));
        var compare = new CompareOptions { Embedding = new EmbeddingSimilarityDefinition(0.9) };

        var close = Compare(ladder, Input("Paris is the capital.", "The capital is Paris.", compare));
        var far = Compare(ladder, Input("Paris is the capital.", "Lyon is the capital.", compare));
        Assert.Multiple(() =>
        {
            Assert.That(close.Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
            Assert.That(close.Decision!.Score, Is.EqualTo(0.9 / Math.Sqrt(0.82)).Within(1e-6));
            Assert.That(close.Decision.Model!.ResolvedModelId, Is.EqualTo("text-embedding-3-small"));
            Assert.That(far.Decision, Is.Null);
            Assert.That(far.Findings[^1].Score, Is.Zero.Within(1e-9));
            Assert.That(far.Outcome, Is.EqualTo(CaseOutcome.Changed));
        });
    }

    [Test]
    public void Embedding_vectors_are_cached_by_text_so_a_rerun_embeds_nothing()
    {
        var first = new FakeEmbeddingGenerator(LlmGuardVectors);
        var compare = new CompareOptions { Embedding = new EmbeddingSimilarityDefinition(0.5) };
        var result = Compare(Ladder(first), Input("alpha beta", "alpha gamma", compare));
        Compare(Ladder(first), Input("alpha beta", "alpha delta", compare));

        var rerun = new FakeEmbeddingGenerator(LlmGuardVectors);
        var again = Compare(Ladder(rerun), Input("alpha beta", "alpha gamma", compare));
        Assert.Multiple(() =>
        {
            Assert.That(first.Embedded, Is.EqualTo(new[] { "alpha beta", "alpha gamma", "alpha delta" }), "the baseline is embedded once");
            Assert.That(rerun.Embedded, Is.Empty, "a new process reads the vectors from the cache folder");
            Assert.That(again.Decision!.Score, Is.EqualTo(result.Decision!.Score));
            Assert.That((again.Findings[^1].Calls, again.Findings[^1].CachedCalls), Is.EqualTo((2, 2)));
        });
    }

    [Test]
    public void An_embedding_failure_is_a_provider_error_of_the_embedding_model_never_a_pass()
    {
        var failing = new FakeEmbeddingGenerator(LlmGuardVectors) { Failure = () => new HttpRequestException("429 Too Many Requests", null, System.Net.HttpStatusCode.TooManyRequests) };
        var compare = new CompareOptions { Embedding = new EmbeddingSimilarityDefinition(0.1) };

        var exception = Assert.ThrowsAsync<ComparisonModelException>(() => Ladder(failing).CompareAsync(Input("a", "b", compare), CancellationToken.None).AsTask());
        Assert.That(exception!.Source, Is.EqualTo("embedding"));
    }

    [Test]
    public void Embeddings_of_different_lengths_are_a_malformed_answer()
    {
        var generator = new FakeEmbeddingGenerator(text => text == "a" ? Vector(1, 0) : Vector(1, 0, 0));
        var exception = Assert.ThrowsAsync<ComparisonModelException>(() =>
            Ladder(generator).CompareAsync(Input("a", "b", new CompareOptions { Embedding = new EmbeddingSimilarityDefinition(0.5) }), CancellationToken.None).AsTask());
        Assert.That(exception!.Failure!.Kind, Is.EqualTo("malformed-response"));
    }

    [Test]
    public void The_judge_majority_decides_and_each_vote_alternates_the_order_of_the_answers()
    {
        var votes = new Queue<string>(["{\"equivalent\": true, \"reason\": \"Both name Paris.\"}", "{\"equivalent\": false, \"reason\": \"B adds a date.\"}", "EQUIVALENT: same city"]);
        var judge = new FakeJudgeClient(_ => votes.Dequeue());
        var compare = new CompareOptions { Judge = new JudgeDefinition("names the same city", 3) };

        var result = Compare(Ladder(judge: judge), Input("Paris.", "It is Paris, since 987.", compare));

        var prompts = judge.Requests.Select(request => FakeJudgeClient.Answers(request.Prompt)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent));
            Assert.That(result.Decision!.Score, Is.EqualTo(2.0 / 3).Within(1e-12));
            Assert.That(result.Decision.Votes.Select(vote => vote.Equivalent), Is.EqualTo(new[] { true, false, true }));
            Assert.That(result.Decision.Detail, Does.StartWith("2 of 3 votes equivalent on \"names the same city\": Both name Paris."));
            Assert.That(result.Decision.Model!.ResolvedModelId, Is.EqualTo("fake-judge"));
            Assert.That(prompts, Is.EqualTo(new[] { ("Paris.", "It is Paris, since 987."), ("It is Paris, since 987.", "Paris."), ("Paris.", "It is Paris, since 987.") }));
            Assert.That(judge.Requests.All(request => request.Options!.Temperature == 0), Is.True, "the judge samples at temperature 0");
            Assert.That(judge.Requests.First().Prompt, Does.Contain("Criterion: names the same city").And.Contain("<request>\nWhat is the answer?\n</request>"));
        });
    }

    [Test]
    public void A_tie_is_not_equivalent()
    {
        var votes = new Queue<string>(["{\"equivalent\": true}", "{\"equivalent\": false}"]);
        var result = Compare(Ladder(judge: new FakeJudgeClient(_ => votes.Dequeue())), Input("a", "b", new CompareOptions { Judge = new JudgeDefinition("same", 2) }));
        Assert.Multiple(() =>
        {
            Assert.That(result.Decision!.Verdict, Is.EqualTo(LadderVerdict.Different));
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.Changed));
        });
    }

    [Test]
    public void Judge_answers_are_cached_by_request_fingerprint_and_vote_so_a_rerun_asks_nothing()
    {
        var judge = new FakeJudgeClient(_ => "{\"equivalent\": true, \"reason\": \"same\"}");
        var compare = new CompareOptions { Judge = new JudgeDefinition("same meaning", 3) };
        Compare(Ladder(judge: judge), Input("a", "b", compare));

        var rerunJudge = new FakeJudgeClient(_ => throw new InvalidOperationException("the cache should have answered"));
        var rerun = Compare(Ladder(judge: rerunJudge), Input("a", "b", compare));
        var otherCriterion = new FakeJudgeClient(_ => "{\"equivalent\": false, \"reason\": \"differs\"}");
        var changed = Compare(Ladder(judge: otherCriterion), Input("a", "b", new CompareOptions { Judge = new JudgeDefinition("same tone", 3) }));
        Assert.Multiple(() =>
        {
            Assert.That(judge.Requests, Has.Count.EqualTo(3));
            Assert.That(rerunJudge.Requests, Is.Empty);
            Assert.That(rerun.Decision!.Votes.All(vote => vote.Cached), Is.True);
            Assert.That((rerun.Decision.Calls, rerun.Decision.CachedCalls), Is.EqualTo((3, 3)));
            Assert.That(otherCriterion.Requests, Has.Count.EqualTo(3), "another criterion is another request");
            Assert.That(changed.Outcome, Is.EqualTo(CaseOutcome.Changed));
        });
    }

    [TestCase("Yes, they match.")]
    [TestCase("{\"equivalent\": \"maybe\"}")]
    [TestCase("")]
    public void A_judge_answer_that_is_not_a_verdict_is_a_provider_error_and_is_not_cached(string answer)
    {
        var judge = new FakeJudgeClient(_ => answer);
        var compare = new CompareOptions { Judge = new JudgeDefinition("same", 1) };

        var exception = Assert.ThrowsAsync<ComparisonModelException>(() => Ladder(judge: judge).CompareAsync(Input("a", "b", compare), CancellationToken.None).AsTask());
        var retried = new FakeJudgeClient(_ => "{\"equivalent\": true}");
        Compare(Ladder(judge: retried), Input("a", "b", compare));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Failure!.Kind, Is.EqualTo("malformed-response"));
            Assert.That(exception.Failure.Source, Is.EqualTo("judge"));
            Assert.That(retried.Requests, Has.Count.EqualTo(1), "a malformed answer was not cached");
        });
    }

    [Test]
    public void A_judge_that_does_not_answer_in_time_is_a_timeout_of_the_judge()
    {
        var judge = new FakeJudgeClient(_ => "{\"equivalent\": true}") { Delay = TimeSpan.FromSeconds(30) };
        var ladder = new EquivalenceLadder(new ComparisonModels((judge, JudgeTarget with { Timeout = TimeSpan.FromMilliseconds(100) }), null, new ComparisonCache(null), new ComparisonCallCounters()));

        var exception = Assert.ThrowsAsync<ComparisonModelException>(() => ladder.CompareAsync(Input("a", "b", new CompareOptions { Judge = new JudgeDefinition("same") }), CancellationToken.None).AsTask());
        Assert.Multiple(() =>
        {
            Assert.That(exception!.TimedOut, Is.True);
            Assert.That(exception.Source, Is.EqualTo("judge"));
        });
    }

    [TestCase("{\"equivalent\": true, \"reason\": \"Both say 42.\"}", true, "Both say 42.")]
    [TestCase("```json\n{\"reason\": \"B names Lyon.\", \"equivalent\": false}\n```", false, "B names Lyon.")]
    [TestCase("Here is my verdict: {\"equivalent\": false}", false, "")]
    [TestCase("different - the totals disagree", false, "the totals disagree")]
    [TestCase("Equivalent.", true, "")]
    public void Judge_answers_are_read_in_the_forms_judges_give(string answer, bool equivalent, string reason) =>
        Assert.That(JudgeAnswer.Parse(answer), Is.EqualTo(((bool, string)?)(equivalent, reason)));

    [TestCase("The answers agree.")]
    [TestCase("{\"verdict\": \"same\"}")]
    [TestCase("{\"equivalent\": 1}")]
    public void Anything_else_is_not_a_verdict(string answer) => Assert.That(JudgeAnswer.Parse(answer), Is.Null);

    private static float[] LlmGuardVectors(string text) => [.. text.Split(' ').Select(word => word.Length / 10f), 1];
}
