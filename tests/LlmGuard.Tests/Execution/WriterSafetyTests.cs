using System.Text;
using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Gating;
using LlmGuard.IO;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Execution;

/// <summary>What a run writes stays whole and its own: one writer at a time, no leftovers, no exception on odd text.</summary>
public sealed class WriterSafetyTests
{
    private string directory = "";

    [SetUp]
    public void SetUp()
    {
        directory = Directory.CreateTempSubdirectory("llmguard-writer-").FullName;
        File.WriteAllText(Path.Combine(directory, "odd.yaml"), """
            id: odd
            target:
              provider: scripted
              model: fixture-1
            cases:
              - id: surrogate
                prompt: Say something odd.
            """);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    private string Snapshots => Path.Combine(directory, "snapshots");

    [Test]
    public async Task An_unpaired_surrogate_is_recorded_as_the_replacement_character_and_reported()
    {
        var recorded = await RunAsync(RunMode.Update, "bad \ud800 text");
        var verified = await RunAsync(RunMode.Verify, "bad \ud800 text");

        var file = File.ReadAllBytes(Path.Combine(Snapshots, "odd", "surrogate.verified.txt"));
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Results.Single().Outcome, Is.EqualTo(CaseOutcome.New));
            Assert.That(recorded.Results.Single().Summary, Does.Contain("1 unpaired UTF-16 surrogate(s) in the answer were recorded as U+FFFD"));
            Assert.That(Encoding.UTF8.GetString(file), Does.EndWith("---\nbad \uFFFD text"));
            Assert.That(verified.Results.Single().Outcome, Is.EqualTo(CaseOutcome.Unchanged), "the recorded text is the text compared");
        });
    }

    [Test]
    public async Task An_update_holds_the_snapshots_folder_so_a_second_update_cannot_start()
    {
        var suites = new SuiteLoader().Load(directory).Suites;
        var registry = Registry("answer");
        await using var first = RunSession.Start(suites, new RunOptions { Mode = RunMode.Update }, registry, Snapshots, _ => null);

        var second = Assert.Throws<RunInputException>(() => RunSession.Start(suites, new RunOptions { Mode = RunMode.Update }, registry, Snapshots, _ => null));
        await using var verify = RunSession.Start(suites, new RunOptions { Mode = RunMode.Verify }, registry, Snapshots, _ => null);

        Assert.That(second!.Message, Does.Contain($"process id {Environment.ProcessId}").And.Contain("Nothing was run"));
    }

    [Test]
    public async Task A_run_that_writes_removes_the_temporary_files_a_killed_writer_left()
    {
        Directory.CreateDirectory(Path.Combine(Snapshots, "odd"));
        var leftover = Path.Combine(Snapshots, "odd", $".surrogate.verified.txt.{Guid.NewGuid():N}{AtomicFile.TemporarySuffix}");
        File.WriteAllText(leftover, "partial");

        var run = await RunAsync(RunMode.Verify, "fine");

        Assert.Multiple(() =>
        {
            Assert.That(run.Results.Single().Outcome, Is.EqualTo(CaseOutcome.New));
            Assert.That(File.Exists(leftover), Is.False);
        });
    }

    [Test]
    public async Task A_provider_error_names_no_verified_file_when_none_was_written()
    {
        var set = new SuiteLoader().Load(directory);
        var registry = new ProviderRegistry().Register("scripted", (target, _) => new ScriptedChatClient(target.Model, _ => throw new HttpRequestException("connection refused")));
        var results = new List<CaseResult>();

        await RunOrchestrator.RunAsync(set.Suites, new RunOptions { Mode = RunMode.Update }, registry, new SnapshotStore(Snapshots), results.Add, CancellationToken.None, _ => null);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.ProviderError));
            Assert.That(results.Single().VerifiedPath, Is.Null);
            Assert.That(LlmGuard.Reporting.CaseReport.Details(results.Single()), Does.Not.Contain("Verified:"));
            Assert.That(Directory.Exists(Path.Combine(Snapshots, "odd")), Is.False);
        });
    }

    private static ProviderRegistry Registry(string answer) =>
        new ProviderRegistry().Register("scripted", (target, _) => new ScriptedChatClient(target.Model, _ => answer));

    private async Task<(List<CaseResult> Results, RunVerdict Verdict)> RunAsync(RunMode mode, string answer)
    {
        var set = new SuiteLoader().Load(directory);
        var results = new List<CaseResult>();
        var verdict = await RunOrchestrator.RunAsync(set.Suites, new RunOptions { Mode = mode }, Registry(answer), new SnapshotStore(Snapshots), results.Add, CancellationToken.None, _ => null);
        return (results, verdict);
    }
}
