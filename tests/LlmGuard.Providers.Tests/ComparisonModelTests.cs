using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Providers.Tests.Infrastructure;
using LlmGuard.Results;

namespace LlmGuard.Providers.Tests;

/// <summary>
/// The embedding and judge steps over the wire: OpenAI-compatible <c>/v1/embeddings</c> and chat, Ollama <c>/api/embed</c> and
/// <c>/api/chat</c>, against the loopback server, with retries, timeouts, 429s and malformed judge answers. A failure of either
/// model is a provider error of that model, never a pass; answers are cached so a re-run makes no call.
/// </summary>
public sealed class ComparisonModelTests
{
    private const string Baseline = "The capital of France is Paris, a city on the Seine.";
    private const string Reworded = "Paris, on the Seine, is the capital of France.";
    private const string Changed = "The capital of France is Lyon.";

    private LoopbackModelServer server = null!;
    private string answer = Baseline;

    [SetUp]
    public async Task SetUp()
    {
        server = await LoopbackModelServer.StartAsync();
        answer = Baseline;
        server.Answer = prompt => prompt.StartsWith("Criterion:", StringComparison.Ordinal) ? Judge(prompt) : answer;
    }

    [TearDown]
    public async Task TearDown() => await server.DisposeAsync();

    /// <summary>A judge that calls two answers equivalent when both name the same city.</summary>
    private static string Judge(string prompt)
    {
        static string City(string text) => text.Contains("Paris", StringComparison.Ordinal) ? "Paris" : "other";
        var first = prompt[prompt.IndexOf("<answer-1>", StringComparison.Ordinal)..prompt.IndexOf("</answer-1>", StringComparison.Ordinal)];
        var second = prompt[prompt.IndexOf("<answer-2>", StringComparison.Ordinal)..prompt.IndexOf("</answer-2>", StringComparison.Ordinal)];
        return City(first) == City(second)
            ? "{\"equivalent\": true, \"reason\": \"Both name Paris.\"}"
            : "{\"equivalent\": false, \"reason\": \"They name different cities.\"}";
    }

    private string ModelSection(string section, string provider, string model, string extra = "") =>
        $"{section}:\n  provider: {provider}\n  model: {model}\n  endpoint: {server.BaseAddress}{(provider == "ollama" ? "" : "v1")}\n{extra}";

    private string SuiteWith(string compare, string models) => $"""
        id: suite
        target:
          provider: openai-compatible
          model: assistant-1
          endpoint: {server.BaseAddress}v1
        {models}
        cases:
          - id: capital
            prompt: What is the capital of France?
            compare: {compare}
        """;

    private static async Task<(List<CaseResult> Results, RunVerdict Verdict)> RecordThenVerifyAsync(SuiteWorkspace workspace)
    {
        var recorded = await workspace.RunAsync(RunMode.Update);
        Assert.That(recorded.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed), workspace.Report.ToString());
        return await workspace.RunAsync(RunMode.Verify);
    }

    private int JudgeRequests => server.ChatRequests.Count(request => request.Body.Contains("Criterion:", StringComparison.Ordinal));

    [TestCase("openai-compatible", "/v1/embeddings")]
    [TestCase("ollama", "/api/embed")]
    public async Task Embeddings_decide_a_rewording_equivalent_record_the_model_and_are_cached(string provider, string path)
    {
        server.EmbeddingModel = "nomic-embed-text:v1.5";
        using var workspace = new SuiteWorkspace(SuiteWith("{ embedding: 0.8 }", ModelSection("embedding", provider, "nomic-embed-text:v1.5")));
        answer = Baseline;
        await workspace.RunAsync(RunMode.Update);
        answer = Reworded;

        var verified = await workspace.RunAsync(RunMode.Verify);
        var embeddingsAfterFirst = server.EmbeddingRequests.Count();
        var again = await workspace.RunAsync(RunMode.Verify);

        var capital = verified.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(capital.Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent), workspace.Report.ToString());
            Assert.That(capital.DecidingStep!.Step, Is.EqualTo(LadderStep.Embedding));
            Assert.That(capital.DecidingStep.Score, Is.GreaterThan(0.8));
            Assert.That(capital.DecidingStep.Model!.ResolvedModelId, Is.EqualTo("nomic-embed-text:v1.5"));
            Assert.That(server.EmbeddingRequests.Select(request => request.Path), Is.All.EqualTo(path));
            Assert.That(embeddingsAfterFirst, Is.EqualTo(1), "both texts in one request");
            Assert.That(server.EmbeddingRequests.Count(), Is.EqualTo(1), "the re-run embedded nothing: vectors are cached by text");
            Assert.That(again.Results.Single().DecidingStep!.CachedCalls, Is.EqualTo(2));
            Assert.That(verified.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
        });
    }

    [Test]
    public async Task A_real_change_stays_below_the_embedding_threshold()
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ embedding: 0.95 }", ModelSection("embedding", "openai-compatible", "text-embedding-3-small")));
        await workspace.RunAsync(RunMode.Update);
        answer = Changed;

        var verified = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(verified.Results.Single().Outcome, Is.EqualTo(CaseOutcome.Changed), workspace.Report.ToString());
            Assert.That(verified.Results.Single().Summary, Does.Contain("embedding: cosine").And.Contain("< 0.95"));
        });
    }

    [Test]
    public async Task An_embedding_429_is_retried_and_one_that_persists_is_a_provider_error_of_the_embedding_model()
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ embedding: 0.8 }", ModelSection("embedding", "openai-compatible", "text-embedding-3-small")));
        await workspace.RunAsync(RunMode.Update);
        answer = Reworded;
        server.Faults = (text, attempt) => text == Baseline && attempt == 1 ? Fault.TooManyRequests : Fault.None;
        var retried = await workspace.RunAsync(RunMode.Verify);

        using var fresh = new SuiteWorkspace(SuiteWith("{ embedding: 0.8 }", ModelSection("embedding", "openai-compatible", "text-embedding-3-large")));
        answer = Baseline;
        await fresh.RunAsync(RunMode.Update);
        answer = Reworded;
        server.Faults = (text, _) => text == Baseline ? Fault.TooManyRequests : Fault.None;
        var failed = await fresh.RunAsync(RunMode.Verify);

        var failure = failed.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(retried.Results.Single().Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent), workspace.Report.ToString());
            Assert.That(failure.Outcome, Is.EqualTo(CaseOutcome.ProviderError), fresh.Report.ToString());
            Assert.That((failure.Failure!.Source, failure.Failure.Kind, failure.Failure.StatusCode), Is.EqualTo(("embedding", "http", (int?)429)));
            Assert.That(failure.Summary, Does.StartWith("provider error of the embedding (http)"));
            Assert.That(failed.Verdict.ExitCode, Is.EqualTo(ExitCodes.ProviderErrorsOnly));
        });
    }

    [TestCase("openai-compatible")]
    [TestCase("ollama")]
    public async Task The_judge_votes_decide_and_a_rerun_asks_it_nothing(string provider)
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ judge: { criterion: names the same capital city, votes: 3 } }", ModelSection("judge", provider, provider == "ollama" ? LoopbackModelServer.OllamaModel : "judge-model")));
        await workspace.RunAsync(RunMode.Update);
        answer = Reworded;

        var equivalent = await workspace.RunAsync(RunMode.Verify);
        var asked = JudgeRequests;
        await workspace.RunAsync(RunMode.Verify);
        answer = Changed;
        var changed = await workspace.RunAsync(RunMode.Verify);

        var judged = equivalent.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(judged.Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent), workspace.Report.ToString());
            Assert.That(judged.DecidingStep!.Detail, Does.StartWith("3 of 3 votes equivalent on \"names the same capital city\": Both name Paris."));
            Assert.That(asked, Is.EqualTo(3));
            Assert.That(JudgeRequests, Is.EqualTo(6), "the re-run of the same outputs asked nothing; the changed output asked three times");
            Assert.That(changed.Results.Single().Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(changed.Results.Single().Summary, Does.Contain("judge: 0 of 3 votes equivalent"));
            Assert.That(server.ChatRequests.Where(request => request.Body.Contains("Criterion:", StringComparison.Ordinal))
                .Select(request => (provider == "ollama" ? request.Json["options"]!["temperature"] : request.Json["temperature"])!.GetValue<double>()), Is.All.EqualTo(0), "temperature 0");
        });
    }

    [Test]
    public async Task A_judge_that_times_out_is_a_provider_error_never_a_pass()
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ judge: names the same capital city }", ModelSection("judge", "openai-compatible", "judge-model", "  timeout: 500ms\n")));
        await workspace.RunAsync(RunMode.Update);
        answer = Reworded;
        server.Faults = (prompt, _) => prompt.StartsWith("Criterion:", StringComparison.Ordinal) ? Fault.Slow : Fault.None;

        var verified = await workspace.RunAsync(RunMode.Verify);

        var result = verified.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.ProviderError), workspace.Report.ToString());
            Assert.That((result.Failure!.Source, result.Failure.Kind), Is.EqualTo(("judge", "timeout")));
            Assert.That(result.Summary, Is.EqualTo("provider error of the judge (timeout): no response within 0.5 s"));
            Assert.That(verified.Verdict.ExitCode, Is.EqualTo(ExitCodes.ProviderErrorsOnly));
        });
    }

    [Test]
    public async Task Judge_429s_are_retried_and_when_they_persist_the_case_is_a_provider_error()
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ judge: names the same capital city }", ModelSection("judge", "ollama", LoopbackModelServer.OllamaModel)));
        await workspace.RunAsync(RunMode.Update);
        answer = Reworded;
        server.Faults = (prompt, attempt) => prompt.StartsWith("Criterion:", StringComparison.Ordinal) && attempt <= 2 ? Fault.TooManyRequests : Fault.None;
        var retried = await workspace.RunAsync(RunMode.Verify);

        using var fresh = new SuiteWorkspace(SuiteWith("{ judge: names the same capital city as the baseline }", ModelSection("judge", "ollama", LoopbackModelServer.OllamaModel)));
        answer = Baseline;
        await fresh.RunAsync(RunMode.Update);
        answer = Reworded;
        server.Faults = (prompt, _) => prompt.StartsWith("Criterion:", StringComparison.Ordinal) ? Fault.TooManyRequests : Fault.None;
        var failed = await fresh.RunAsync(RunMode.Verify);

        var failure = failed.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(retried.Results.Single().Outcome, Is.EqualTo(CaseOutcome.JudgedEquivalent), workspace.Report.ToString());
            Assert.That(failure.Outcome, Is.EqualTo(CaseOutcome.ProviderError), fresh.Report.ToString());
            Assert.That((failure.Failure!.Source, failure.Failure.StatusCode), Is.EqualTo(("judge", (int?)429)));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_judge_answer_that_is_not_a_verdict_is_a_malformed_response_of_the_judge(bool brokenJson)
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ judge: names the same capital city }", ModelSection("judge", "openai-compatible", "judge-model")));
        await workspace.RunAsync(RunMode.Update);
        answer = Reworded;
        server.Answer = prompt => prompt.StartsWith("Criterion:", StringComparison.Ordinal) ? "Both answers look quite similar to me." : answer;
        server.Faults = (prompt, _) => brokenJson && prompt.StartsWith("Criterion:", StringComparison.Ordinal) ? Fault.MalformedJson : Fault.None;

        var verified = await workspace.RunAsync(RunMode.Verify);

        var result = verified.Results.Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CaseOutcome.ProviderError), workspace.Report.ToString());
            Assert.That((result.Failure!.Source, result.Failure.Kind), Is.EqualTo(("judge", "malformed-response")));
            Assert.That(result.Summary, Does.Contain(brokenJson ? "is not the JSON expected" : "the judge's answer is not a verdict"));
        });
    }

    [Test]
    public void A_judge_whose_key_is_missing_stops_the_run_before_any_case()
    {
        using var workspace = new SuiteWorkspace(SuiteWith("{ judge: names the same capital city }", ModelSection("judge", "openai-compatible", "judge-model", "  api_key_env: JUDGE_KEY\n")));

        var exception = Assert.ThrowsAsync<LlmGuard.Execution.ProviderConfigurationException>(() => workspace.RunAsync(RunMode.Verify));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.StartWith("Suite 'suite': the judge model cannot be used: The 'openai-compatible' target needs an API key").And.Contain("JUDGE_KEY"));
            Assert.That(server.ChatRequests, Is.Empty, "no case was sent");
        });
    }
}
