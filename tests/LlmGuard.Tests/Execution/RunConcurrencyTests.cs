using LlmGuard.Execution;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Tests.Execution;

public sealed class RunConcurrencyTests
{
    private const int CaseCount = 24;
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("llmguard-concurrency-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [TestCase(3, null, 3, TestName = "The_run_concurrency_bounds_the_calls_in_flight")]
    [TestCase(8, 2, 2, TestName = "A_target_concurrency_below_the_run_concurrency_bounds_the_calls_in_flight")]
    public async Task Calls_in_flight_never_exceed_the_limit_and_results_keep_case_order(int runConcurrency, int? targetConcurrency, int expectedPeak)
    {
        var client = new CountingClient();
        var suite = new Suite
        {
            Id = "s",
            Target = new TargetDefinition { Provider = "counting", Model = "m", Concurrency = targetConcurrency },
            Cases = [.. Enumerable.Range(0, CaseCount).Select(index => new SuiteCase { Id = $"c{index:D2}", Messages = [new ChatMessageDefinition("user", index.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))] })],
            FilePath = Path.Combine(directory, "s.yaml"),
        };
        var results = new List<CaseResult>();

        await RunOrchestrator.RunAsync(
            [suite], new RunOptions { Concurrency = runConcurrency }, new ProviderRegistry().Register("counting", (_, _) => client),
            new SnapshotStore(Path.Combine(directory, "snapshots")), results.Add, CancellationToken.None, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(client.Peak, Is.EqualTo(expectedPeak));
            Assert.That(results.Select(result => result.Case), Is.EqualTo(suite.Cases.Select(suiteCase => suiteCase.Id)), "results in case order although later cases answer sooner");
            Assert.That(results.Select(result => result.Outcome), Is.All.EqualTo(CaseOutcome.New));
        });
    }

    private sealed class CountingClient : IChatClient
    {
        private int inFlight;
        private int peak;

        public int Peak => Volatile.Read(ref peak);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var prompt = messages.Last().Text;
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref peak); now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen; seen = Volatile.Read(ref peak))
            {
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 + 5 * (CaseCount - int.Parse(prompt, System.Globalization.CultureInfo.InvariantCulture)) % 40), cancellationToken);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer " + prompt)) { ModelId = "m" };
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
