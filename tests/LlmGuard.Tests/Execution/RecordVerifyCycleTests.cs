using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Tests.Execution;

public sealed class RecordVerifyCycleTests
{
    private const string SuiteYaml = """
        id: capitals
        target:
          provider: scripted
          model: fixture-1
          seed: 7
        defaults:
          vars: { country: France }
        cases:
          - id: france
            prompt: "Capital of {{country}}?"
            expect:
              - contains: Paris
          - id: spain
            prompt: Capital of Spain?
          - id: json
            prompt: Give JSON
            compare: json
        """;

    private string directory = "";
    private Dictionary<string, string> answers = [];

    [SetUp]
    public void SetUp()
    {
        directory = Directory.CreateTempSubdirectory("llmguard-cycle-").FullName;
        File.WriteAllText(Path.Combine(directory, "capitals.yaml"), SuiteYaml);
        answers = new Dictionary<string, string>
        {
            ["Capital of France?"] = "Paris.",
            ["Capital of Spain?"] = "Madrid.",
            ["Give JSON"] = "{\"a\": 1, \"b\": [1, 2]}",
        };
    }

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Record_then_verify_then_drift_then_accept()
    {
        var recorded = await RunAsync(RunMode.Update);
        Assert.That(recorded.Results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.New));
        Assert.That(recorded.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
        var verifiedFile = Path.Combine(directory, "snapshots", "capitals", "france.verified.txt");
        var firstBytes = File.ReadAllBytes(verifiedFile);

        var verified = await RunAsync(RunMode.Verify);
        Assert.That(verified.Results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.Unchanged));
        Assert.That(verified.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));

        answers["Capital of Spain?"] = "Madrid, of course.";
        answers["Give JSON"] = "{\"b\": [1, 2], \"a\": 1.0}";
        var drifted = await RunAsync(RunMode.Verify);
        var byCase = drifted.Results.ToDictionary(r => r.Case);
        Assert.Multiple(() =>
        {
            Assert.That(byCase["france"].Outcome, Is.EqualTo(CaseOutcome.Unchanged));
            Assert.That(byCase["spain"].Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(byCase["spain"].Diff, Does.Contain("-Madrid.").And.Contain("+Madrid, of course."));
            Assert.That(byCase["json"].Outcome, Is.EqualTo(CaseOutcome.Equivalent));
            Assert.That(File.Exists(byCase["spain"].ReceivedPath), Is.True);
            Assert.That(drifted.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });

        new SnapshotStore(Path.Combine(directory, "snapshots")).Accept("capitals", "spain");
        var accepted = await RunAsync(RunMode.Verify);
        Assert.That(accepted.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));

        await RunAsync(RunMode.Update);
        Assert.That(File.ReadAllBytes(verifiedFile), Is.EqualTo(firstBytes), "re-recording an unchanged output must be byte-identical");
    }

    [Test]
    public async Task A_candidate_model_is_compared_with_the_snapshots_of_the_suite_model()
    {
        await RunAsync(RunMode.Update);
        answers["Capital of Spain?"] = "Madrid!";

        var candidate = await RunAsync(RunMode.Verify, modelOverride: "fixture-2");

        var byCase = candidate.Results.ToDictionary(r => r.Case);
        Assert.Multiple(() =>
        {
            Assert.That(byCase["france"].Outcome, Is.EqualTo(CaseOutcome.Unchanged));
            Assert.That(byCase["spain"].Outcome, Is.EqualTo(CaseOutcome.Changed));
            Assert.That(byCase["france"].IdentityChanges.Select(c => c.ToString()), Does.Contain("model: scripted/fixture-1 → scripted/fixture-2"));
            Assert.That(candidate.Verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [Test]
    public async Task An_edited_prompt_is_request_changed_not_changed()
    {
        await RunAsync(RunMode.Update);
        File.WriteAllText(Path.Combine(directory, "capitals.yaml"), SuiteYaml.Replace("Capital of Spain?", "Capital of Spain, please?", StringComparison.Ordinal));
        answers["Capital of Spain, please?"] = "Madrid.";

        var edited = await RunAsync(RunMode.Verify);
        var replayed = await RunAsync(RunMode.Replay);

        Assert.Multiple(() =>
        {
            Assert.That(edited.Results.Single(r => r.Case == "spain").Outcome, Is.EqualTo(CaseOutcome.RequestChanged));
            Assert.That(replayed.Results.Single(r => r.Case == "spain").Outcome, Is.EqualTo(CaseOutcome.RequestChanged));
            Assert.That(replayed.Results.Single(r => r.Case == "france").Outcome, Is.EqualTo(CaseOutcome.Unchanged));
        });
    }

    [Test]
    public async Task Unicode_line_separators_are_kept_verbatim_so_replacing_them_is_a_change()
    {
        answers["Capital of Spain?"] = "Madrid\u2028of course\fyes";
        await RunAsync(RunMode.Update);
        answers["Capital of Spain?"] = "Madrid\nof course\nyes";

        var verified = await RunAsync(RunMode.Verify);

        Assert.That(verified.Results.Single(r => r.Case == "spain").Outcome, Is.EqualTo(CaseOutcome.Changed));
    }

    [Test]
    public async Task Cancelling_while_connecting_to_the_targets_is_an_interrupted_run()
    {
        var set = new SuiteLoader().Load(directory);
        var registry = new ProviderRegistry().Register("scripted", (target, _) => new NeverResolvingClient());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var verdict = await RunOrchestrator.RunAsync(
            set.Suites, new RunOptions(), registry, new SnapshotStore(Path.Combine(directory, "snapshots")), _ => { }, cancellation.Token, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Interrupted, Is.True);
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.Interrupted));
            Assert.That(Directory.Exists(Path.Combine(directory, "snapshots")), Is.False, "nothing was written");
        });
    }

    private async Task<(List<CaseResult> Results, RunVerdict Verdict)> RunAsync(RunMode mode, string? modelOverride = null)
    {
        var set = new SuiteLoader().Load(directory);
        Assert.That(set.Diagnostics, Is.Empty, string.Join("\n", set.Diagnostics));
        var registry = new ProviderRegistry().Register("scripted", (target, _) => new ScriptedChatClient(target.Model, answers));
        var results = new List<CaseResult>();
        var verdict = await RunOrchestrator.RunAsync(
            set.Suites, new RunOptions { Mode = mode, ModelOverride = modelOverride }, registry, new SnapshotStore(Path.Combine(directory, "snapshots")),
            results.Add, CancellationToken.None, _ => null);
        return (results, verdict);
    }

    private sealed class NeverResolvingClient : Microsoft.Extensions.AI.IChatClient, IModelIdentitySource
    {
        public async ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return ModelIdentity.Unknown;
        }

        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no case may run before the identity is known");

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("no case may run before the identity is known");

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
