using LlmGuard.Execution;

namespace LlmGuard.NUnit.Tests;

public sealed class LlmGuardSessionTests
{
    private string directory = "";

    [SetUp]
    public void SetUp()
    {
        directory = Directory.CreateTempSubdirectory("llmguard-session-").FullName;
        var source = SuiteCatalog.For(typeof(ValidSuitesClass)).Location.SuitesPath;
        Directory.CreateDirectory(Path.Combine(directory, "suites"));
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(directory, "suites", Path.GetFileName(file)));
        }
    }

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public void Update_mode_is_refused_on_ci_with_a_clear_message()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            LlmGuardSession.Start(Catalog(), LlmGuardFixture.BuiltInProviders(), Variables(("LLMGUARD_MODE", "update"), ("GITHUB_ACTIONS", "true"))));

        Assert.That(exception.Message, Does.Contain("Refusing to update snapshots on a CI machine").And.Contain("GITHUB_ACTIONS"));
    }

    [Test]
    public void An_unknown_mode_is_refused()
    {
        var exception = Assert.Throws<InvalidOperationException>(() =>
            LlmGuardSession.Start(Catalog(), LlmGuardFixture.BuiltInProviders(), Variables(("LLMGUARD_MODE", "recrod"))));

        Assert.That(exception.Message, Does.Contain("LLMGUARD_MODE='recrod' is not a mode"));
    }

    [Test]
    public void A_provider_that_is_not_registered_is_reported_with_its_position()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => LlmGuardSession.Start(Catalog(), new ProviderRegistry(), Variables()));

        Assert.That(exception.Message, Does.Match(@"capitals\.yaml:\d+:\d+: error LG\d+: .*scripted"));
    }

    [Test]
    public async Task The_gate_test_passes_within_the_allowed_share_and_fails_beyond_it()
    {
        var catalog = Catalog();
        await RunAllAsync(catalog, Variables(("LLMGUARD_MODE", "update")));

        WriteAnswers(spain: "Madrid, Spain.");
        var (verdicts, gate, _) = await RunAllAsync(catalog, Variables());
        Assert.Multiple(() =>
        {
            Assert.That(verdicts["capitals/spain"].Status, Is.EqualTo(CaseTestStatus.Warning));
            Assert.That(verdicts["capitals/france"].Status, Is.EqualTo(CaseTestStatus.Passed));
            Assert.That(gate.Status, Is.EqualTo(CaseTestStatus.Passed), gate.Message);
        });

        WriteAnswers(spain: "Madrid, Spain.", france: "Paris, France.");
        (verdicts, gate, _) = await RunAllAsync(catalog, Variables());
        Assert.Multiple(() =>
        {
            Assert.That(verdicts["capitals/france"].Status, Is.EqualTo(CaseTestStatus.Failed), "a critical case may never change");
            Assert.That(gate.Status, Is.EqualTo(CaseTestStatus.Failed));
            Assert.That(gate.Message, Does.Contain("2 cases changed (100% of 2); the gate allows 50%"));
        });
    }

    [Test]
    public async Task Orphaned_snapshots_are_reported_after_a_complete_run_and_kept()
    {
        var catalog = Catalog();
        await RunAllAsync(catalog, Variables(("LLMGUARD_MODE", "update")));
        var orphan = Path.Combine(directory, "snapshots", "capitals", "renamed.verified.txt");
        File.WriteAllText(orphan, "# llmguard snapshot 1\nsuite: capitals\ncase: renamed\n---\nx");

        var (_, _, report) = await RunAllAsync(catalog, Variables());

        Assert.Multiple(() =>
        {
            Assert.That(report, Does.Contain("1 orphaned snapshot file(s)").And.Contain(orphan));
            Assert.That(File.Exists(orphan), Is.True);
        });
    }

    [Test]
    public async Task Orphans_are_not_reported_when_only_some_cases_ran_and_results_are_appended_as_json_lines()
    {
        var catalog = Catalog();
        var results = Path.Combine(directory, "results.jsonl");
        await using var session = LlmGuardSession.Start(catalog, LlmGuardFixture.BuiltInProviders(), Variables(("LLMGUARD_RESULTS", results)));
        Directory.CreateDirectory(Path.Combine(directory, "snapshots", "gone"));
        File.WriteAllText(Path.Combine(directory, "snapshots", "gone", "old.verified.txt"), "# llmguard snapshot 1\nsuite: gone\ncase: old\n---\nx");

        await session.RunAsync("formats/json", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(session.Finish(), Is.Null);
            var lines = File.ReadAllLines(results);
            Assert.That(lines, Has.Length.EqualTo(2), "the case, then the verdict over the cases that ran");
            Assert.That(lines[0], Does.Contain("\"case\":\"json\"").And.Contain("\"outcome\":\"new\""));
            Assert.That(lines[1], Does.Contain("\"type\":\"verdict\"").And.Contain("\"orphans\":[]"));
        });
    }

    private SuiteCatalog Catalog() =>
        SuiteCatalog.Load(new SuitesLocation(Path.Combine(directory, "suites"), Path.Combine(directory, "snapshots")));

    private void WriteAnswers(string spain = "Madrid.", string france = "Paris.") =>
        File.WriteAllText(Path.Combine(directory, "suites", "answers.json"),
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["Capital of France?"] = france, ["Capital of Spain?"] = spain, ["Give JSON"] = "{\"a\": 1}" }));

    private static async Task<(Dictionary<string, CaseTestVerdict> Verdicts, CaseTestVerdict Gate, string? Report)> RunAllAsync(SuiteCatalog catalog, Func<string, string?> environment)
    {
        await using var session = LlmGuardSession.Start(catalog, LlmGuardFixture.BuiltInProviders(), environment);
        var verdicts = new Dictionary<string, CaseTestVerdict>();
        foreach (var entry in catalog.Cases)
        {
            verdicts[entry.Name] = await session.RunAsync(entry.Name, CancellationToken.None);
        }

        var gate = session.CheckGate(catalog.Suites.Single(suite => suite.Id == "capitals"));
        return (verdicts, gate, session.Finish());
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;
}
