using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Providers.Tests.Infrastructure;
using LlmGuard.Results;
using Microsoft.Extensions.Time.Testing;
using LlmGuard.Suites;

namespace LlmGuard.Providers.Tests;

public sealed class FaultClassificationTests
{
    private LoopbackModelServer server = null!;

    [SetUp]
    public async Task SetUp() => server = await LoopbackModelServer.StartAsync();

    [TearDown]
    public async Task TearDown() => await server.DisposeAsync();

    [TestCase(ProviderNames.OpenAI, Fault.TooManyRequests, "http", 429, 3, "Rate limit reached")]
    [TestCase(ProviderNames.OpenAI, Fault.InternalError, "http", 500, 3, "The server had an error")]
    [TestCase(ProviderNames.OpenAI, Fault.Unavailable, "http", 503, 3, "overloaded")]
    [TestCase(ProviderNames.OpenAI, Fault.HtmlErrorPage, "http", 502, 3, "502 Bad Gateway")]
    [TestCase(ProviderNames.OpenAI, Fault.ConnectionReset, "network", null, 3, "")]
    [TestCase(ProviderNames.OpenAI, Fault.MalformedJson, "malformed-response", null, 1, "")]
    [TestCase(ProviderNames.OpenAI, Fault.Unauthorized, "auth", 401, 1, "OPENAI_API_KEY")]
    [TestCase(ProviderNames.AzureOpenAI, Fault.Unauthorized, "auth", 401, 1, "AZURE_OPENAI_API_KEY")]
    [TestCase(ProviderNames.Ollama, Fault.TooManyRequests, "http", 429, 3, "Rate limit reached")]
    [TestCase(ProviderNames.Ollama, Fault.Unavailable, "http", 503, 3, "overloaded")]
    [TestCase(ProviderNames.Ollama, Fault.ConnectionReset, "network", null, 3, "")]
    [TestCase(ProviderNames.Ollama, Fault.MalformedJson, "malformed-response", null, 1, "")]
    [TestCase(ProviderNames.Ollama, Fault.HtmlErrorPage, "http", 502, 3, "502 Bad Gateway")]
    public async Task A_failing_call_is_a_classified_provider_error(string provider, Fault fault, string kind, int? status, int attempts, string messagePart)
    {
        server.Faults = (_, _) => fault;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(provider, server), "Hello?"));

        var (results, verdict) = await workspace.RunAsync(RunMode.Verify);

        var failure = results.Single().Failure;
        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.ProviderError), workspace.Report.ToString());
            Assert.That(failure?.Kind, Is.EqualTo(kind), failure?.Message);
            Assert.That(failure?.StatusCode, Is.EqualTo(status));
            Assert.That(failure?.Message, Does.Contain(messagePart));
            Assert.That(failure?.Message, Does.Not.Contain(SuiteWorkspace.OpenAIKey).And.Not.Contain(SuiteWorkspace.AzureKey));
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(attempts), "attempts: the retry layer's, never multiplied by the SDK's");
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.ProviderErrorsOnly));
            Assert.That(workspace.WrittenFiles().Where(file => file.Contains("snapshots", StringComparison.Ordinal)), Is.Empty, "a provider error writes no snapshot");
        });
    }

    [TestCase(ProviderNames.OpenAI, Fault.EmptyChoices)]
    [TestCase(ProviderNames.OpenAI, Fault.MissingMessage)]
    [TestCase(ProviderNames.OpenAI, Fault.LoneSurrogate)]
    [TestCase(ProviderNames.OpenAI, Fault.InvalidUtf8)]
    [TestCase(ProviderNames.Ollama, Fault.EmptyChoices)]
    [TestCase(ProviderNames.Ollama, Fault.MissingMessage)]
    [TestCase(ProviderNames.Ollama, Fault.LoneSurrogate)]
    [TestCase(ProviderNames.Ollama, Fault.InvalidUtf8)]
    public async Task A_malformed_answer_is_a_malformed_response_error_and_writes_nothing(string provider, Fault fault)
    {
        server.Faults = (_, _) => fault;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(provider, server), "Hello?"));

        var (results, verdict) = await workspace.RunAsync(RunMode.Update);

        var failure = results.Single().Failure;
        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.ProviderError), workspace.Report.ToString());
            Assert.That(failure?.Kind, Is.EqualTo("malformed-response"), failure?.Message);
            Assert.That(failure?.Message, Does.StartWith($"the answer from {provider}"), "a message of ours, not the internal exception's");
            Assert.That(failure?.Message.Any(char.IsSurrogate), Is.False);
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.ProviderErrorsOnly));
            Assert.That(workspace.WrittenFiles().Where(file => file.Contains("snapshots", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task Unauthorized_explains_in_one_line_which_variable_to_set()
    {
        server.Faults = (_, _) => Fault.Unauthorized;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "api_key_env: TEAM_OPENAI_KEY\n", "Hello?"));
        workspace.Environment["TEAM_OPENAI_KEY"] = SuiteWorkspace.OpenAIKey;

        var (results, _) = await workspace.RunAsync(RunMode.Verify);

        var message = results.Single().Failure!.Message;
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("HTTP 401").And.Contain("TEAM_OPENAI_KEY").And.Contain("Incorrect API key provided"));
            Assert.That(message, Does.Not.Contain("\n"));
            Assert.That(message, Does.Not.Contain(SuiteWorkspace.OpenAIKey));
        });
    }

    [Test]
    public async Task A_slow_answer_is_a_timeout()
    {
        server.Faults = (_, _) => Fault.Slow;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "timeout: 1s\n", "Hello?"));

        var (results, _) = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.ProviderError));
            Assert.That(results.Single().Failure?.Kind, Is.EqualTo("timeout"), results.Single().Failure?.Message);
        });
    }

    [Test]
    public async Task Retry_after_is_honoured_then_the_call_succeeds()
    {
        server.Faults = (_, attempt) => attempt == 1 ? Fault.TooManyRequests : Fault.None;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), "Hello?"));

        var (results, _) = await workspace.RunAsync(RunMode.Update);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.New));
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(2));
            Assert.That(workspace.Clock.RequestedDelays, Does.Contain(TimeSpan.FromSeconds(2)), "waited as long as Retry-After asked");
        });
    }

    [TestCase(ProviderNames.OpenAI)]
    [TestCase(ProviderNames.Ollama)]
    public async Task Retry_after_ms_is_honoured_then_the_call_succeeds(string provider)
    {
        server.Faults = (_, attempt) => attempt == 1 ? Fault.TooManyRequestsWithMilliseconds : Fault.None;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(provider, server), "Hello?"));

        var (results, _) = await workspace.RunAsync(RunMode.Update);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.New), workspace.Report.ToString());
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(2));
            Assert.That(workspace.Clock.RequestedDelays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(1500) }), "waited exactly as long as retry-after-ms asked");
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_timeout_ends_the_retries_with_the_429()
    {
        server.Faults = (_, _) => Fault.TooManyRequests;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "timeout: 1s\n", "Hello?"));

        var (results, _) = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Failure?.StatusCode, Is.EqualTo(429));
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Backoff_grows_exponentially_between_attempts()
    {
        server.Faults = (_, _) => Fault.InternalError;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server), "Hello?"));

        await workspace.RunAsync(RunMode.Verify, workspace.Resilience with { MaxRetryAttempts = 4, UseJitter = false });

        Assert.Multiple(() =>
        {
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(5));
            Assert.That(workspace.Clock.RequestedDelays, Is.EqualTo(new[] { 1, 2, 4, 8 }.Select(seconds => TimeSpan.FromSeconds(seconds))),
                "without jitter, each delay is twice the one before, starting from the base delay");
        });
    }

    [Test]
    public async Task Jittered_backoff_waits_a_positive_bounded_time_before_each_retry()
    {
        server.Faults = (_, _) => Fault.InternalError;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server), "Hello?"));

        await workspace.RunAsync(RunMode.Verify, workspace.Resilience with { MaxRetryAttempts = 3 });

        Assert.Multiple(() =>
        {
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(4));
            Assert.That(workspace.Clock.RequestedDelays, Has.Count.EqualTo(3));
            Assert.That(workspace.Clock.RequestedDelays, Is.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(TimeSpan.FromSeconds(60)));
        });
    }

    [Test]
    public async Task With_thirty_percent_transient_failures_the_run_is_complete_and_correct()
    {
        server.Faults = TransientSchedule;
        var prompts = Enumerable.Range(1, 20).Select(index => $"Question {index}?").ToArray();
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), prompts));

        var recorded = await workspace.RunAsync(RunMode.Update, workspace.Resilience with { MaxRetryAttempts = 4 });
        var verified = await workspace.RunAsync(RunMode.Verify, workspace.Resilience with { MaxRetryAttempts = 4 });

        Assert.Multiple(() =>
        {
            Assert.That(server.ChatRequests.Count(), Is.GreaterThan(40), "some calls failed and were retried");
            Assert.That(recorded.Results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.New), workspace.Report.ToString());
            Assert.That(verified.Results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.Unchanged), workspace.Report.ToString());
            Assert.That(verified.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
            Assert.That(workspace.ReadVerified("case-7"), Does.EndWith("Answer to: Question 7?"));
        });
    }

    [Test]
    public async Task Requests_per_minute_spaces_the_calls()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "requests_per_minute: 600\n", "A?", "B?", "C?", "D?"));
        var clock = new FakeTimeProvider();

        // Four cases run at once (concurrency 4), yet at 600/min only one call may go every 100 ms of the clock.
        var run = workspace.RunAsync(RunMode.Update, workspace.Resilience with { TimeProvider = clock });
        var sentAt = new List<int>();
        for (var step = 0; step < 4; step++)
        {
            await WaitUntilAsync(() => server.ChatRequests.Count() >= step + 1 || run.IsCompleted);
            await Task.Delay(TimeSpan.FromMilliseconds(150));
            sentAt.Add(server.ChatRequests.Count());
            clock.Advance(TimeSpan.FromMilliseconds(99));
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(step + 1), $"no further call before 100 ms have passed (step {step})");
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var (results, _) = await run;
        Assert.Multiple(() =>
        {
            Assert.That(sentAt, Is.EqualTo(new[] { 1, 2, 3, 4 }), "one call per 100 ms of the clock");
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.New));
        });
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    // Deterministic per prompt and attempt, whatever order concurrent cases arrive in: about 30% of the first three
    // attempts fail with a transient fault; string.GetHashCode is randomized per process, so the hash is spelled out.
    private static Fault TransientSchedule(string prompt, int attempt)
    {
        var hash = prompt.Aggregate(17u, (current, character) => unchecked((current * 31) + character));
        var roll = new Random((int)(hash % int.MaxValue) ^ (attempt * 7919)).NextDouble();
        Fault[] faults = [Fault.InternalError, Fault.Unavailable, Fault.ConnectionReset, Fault.TooManyRequests];
        return attempt <= 3 && roll < 0.3 ? faults[(hash + (uint)attempt) % faults.Length] : Fault.None;
    }
}
