using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class RunFilterTests
{
    private SampleWorkspace sample = null!;

    [SetUp]
    public async Task SetUp()
    {
        sample = new SampleWorkspace();
        await sample.RecordAsync();
    }

    [TearDown]
    public void TearDown() => sample.Dispose();

    [TestCase(new[] { "--tag", "europe" }, new[] { "geo/france", "geo/spain" })]
    [TestCase(new[] { "--tag", "asia", "--tag", "arithmetic" }, new[] { "geo/japan", "math/add", "math/multiply" })]
    [TestCase(new[] { "--case", "geo/japan" }, new[] { "geo/japan" })]
    [TestCase(new[] { "--case", "add", "--case", "spain" }, new[] { "geo/spain", "math/add" })]
    [TestCase(new[] { "--suite", "math" }, new[] { "math/add", "math/multiply" })]
    [TestCase(new[] { "--suite", "geo", "--tag", "europe", "--case", "france" }, new[] { "geo/france" })]
    public async Task Only_the_selected_cases_run(string[] filters, string[] expected)
    {
        var result = await sample.RunAsync(["run", .. filters]);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(SampleWorkspace.ReportedCases(result.Out), Is.EqualTo(expected), result.ToString());
        });
    }

    [TestCase("--tag", "no-such-tag")]
    [TestCase("--case", "geo/no-such-case")]
    [TestCase("--suite", "no-such-suite")]
    public async Task A_filter_matching_nothing_is_invalid_input(string option, string value)
    {
        var before = sample.Workspace.Files();

        var result = await sample.RunAsync("run", option, value);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain("No case matches"));
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty);
        });
    }

    [Test]
    public async Task A_filtered_update_records_only_the_selected_cases()
    {
        sample.Answers["Capital of France?"] = "Paris!";
        sample.Answers["Capital of Spain?"] = "Madrid!";
        sample.WriteAnswers();
        var spainBefore = File.ReadAllBytes(sample.Workspace.VerifiedPath("geo", "spain"));

        var result = await sample.RunAsync("run", "--mode", "update", "--case", "geo/france");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(File.ReadAllText(sample.Workspace.VerifiedPath("geo", "france")), Does.EndWith("\n---\nParis!"));
            Assert.That(File.ReadAllBytes(sample.Workspace.VerifiedPath("geo", "spain")), Is.EqualTo(spainBefore));
        });
    }
}
