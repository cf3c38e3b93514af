using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class CorruptSnapshotTests
{
    [TestCase("verify")]
    [TestCase("update")]
    [TestCase("replay")]
    public async Task A_verified_file_with_a_broken_header_is_invalid_input_naming_the_file(string mode)
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var corrupt = sample.Workspace.VerifiedPath("math", "add");
        File.WriteAllText(corrupt, "# llmguard snapshot 1\nnot a header line\n---\n4");

        var result = await sample.RunAsync("run", "--mode", mode);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.StartWith("Nothing was run: these verified snapshots cannot be read"));
            Assert.That(result.Error, Does.Contain(corrupt + ": not a valid snapshot file"));
            Assert.That(sample.Workspace.Files().Keys.Where(path => path.Contains(".received.", StringComparison.Ordinal)), Is.Empty, "nothing is written");
            Assert.That(result.Error, Does.Not.Contain("Unhandled exception"));
            Assert.That(File.ReadAllText(corrupt), Does.StartWith("# llmguard snapshot 1\nnot a header line"), "the file is left for the user to fix");
        });
    }

    [Test]
    public async Task A_verified_file_that_is_not_utf8_is_invalid_input()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var corrupt = sample.Workspace.VerifiedPath("geo", "japan");
        File.WriteAllBytes(corrupt, [0x23, 0x20, 0xFF, 0xFE, 0x0A]);

        var result = await sample.RunAsync("run");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain(corrupt + ": not a valid snapshot file: the file is not valid UTF-8"));
        });
    }

    [Test]
    public async Task A_snapshot_folder_that_cannot_be_written_is_invalid_input_not_a_crash()
    {
        using var sample = new SampleWorkspace();
        File.WriteAllText(sample.Workspace.SnapshotsPath, "a file where the snapshot folder should be");

        var result = await sample.RunAsync("run", "--mode", "update");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            // An update takes the folder's writer lock first, so the problem shows before any case runs.
            Assert.That(result.Error, Does.Contain("Nothing was run: the snapshots folder " + sample.Workspace.SnapshotsPath + " cannot be written"));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        });
    }

    [Test]
    public async Task A_scrubber_that_never_finishes_stops_the_run_with_its_location()
    {
        using var sample = new SampleWorkspace();
        sample.Workspace.Write("suites/math.yaml", SampleWorkspace.MathSuite.Replace(
            "    tags: [arithmetic]\n  - id: multiply",
            "    tags: [arithmetic]\n    scrub:\n      - pattern: '(a+)+$'\n  - id: multiply",
            StringComparison.Ordinal));
        sample.Answers["What is 2 + 2?"] = new string('a', 40) + "!";
        sample.WriteAnswers();
        await sample.RecordAsync();
        sample.Answers["What is 2 + 2?"] = new string('a', 40) + "?";
        sample.WriteAnswers();

        var result = await sample.RunAsync("run");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Error, Does.Contain("math/add").And.Contain("(a+)+$").And.Contain("took longer than"));
            Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
        });
    }
}
