using System.Text.Json;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class ResultsFileTests
{
    [Test]
    public async Task Results_are_json_lines_one_per_case_then_the_verdict()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        sample.Answers["Capital of Spain?"] = "Madrid!";
        sample.WriteAnswers();
        var resultsPath = sample.Workspace.PathOf("results.jsonl");

        var run = await sample.RunAsync("run", "--results", resultsPath);

        var lines = File.ReadAllLines(resultsPath);
        using var documents = new DisposableList<JsonDocument>(lines.Select(line => JsonDocument.Parse(line)));
        var cases = documents.Items.Take(lines.Length - 1).Select(document => document.RootElement).ToList();
        var verdict = documents.Items[^1].RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(lines, Has.Length.EqualTo(6));
            Assert.That(cases.Select(c => c.GetProperty("type").GetString()), Is.All.EqualTo("case"));
            Assert.That(cases.Select(c => $"{c.GetProperty("suite").GetString()}/{c.GetProperty("case").GetString()}"),
                Is.EquivalentTo(new[] { "geo/france", "geo/japan", "geo/spain", "math/add", "math/multiply" }));
            Assert.That(cases.Single(c => c.GetProperty("case").GetString() == "spain").GetProperty("outcome").GetString(), Is.EqualTo("changed"));
            Assert.That(verdict.GetProperty("type").GetString(), Is.EqualTo("verdict"));
            Assert.That(verdict.GetProperty("exit_code").GetInt32(), Is.EqualTo(1));
            Assert.That(verdict.GetProperty("passed").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task The_results_folder_is_created_when_missing()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var resultsPath = sample.Workspace.PathOf("artifacts/llmguard/results.jsonl");

        var run = await sample.RunAsync("run", "--results", resultsPath);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(File.ReadAllLines(resultsPath), Has.Length.EqualTo(6));
        });
    }

    [Test]
    public async Task An_unwritable_results_path_is_invalid_input()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var before = sample.Workspace.Files();

        // A folder where the file should be: cannot be opened for writing, even by root.
        var run = await sample.RunAsync("run", "--results", sample.Workspace.SuitesPath);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.StartWith("Cannot write the results file"));
            Assert.That(FileTree.Differences(before, sample.Workspace.Files()), Is.Empty);
        });
    }

    [Test]
    public async Task Results_and_a_report_naming_one_file_are_refused_before_anything_opens()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var file = sample.Workspace.PathOf("out.json");
        File.WriteAllText(file, "previous\n");

        var run = await sample.RunAsync("run", "--results", file, "--report", "json=" + Path.Combine(sample.Workspace.PathOf("."), "out.json"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("the results stream (--results or $LLMGUARD_RESULTS) and the json report both name"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("previous\n"), "nothing was written");
        });
    }

    [Test]
    public async Task A_run_that_fails_to_start_after_the_results_option_leaves_the_results_file_untouched_and_closed()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var file = sample.Workspace.PathOf("results.jsonl");
        File.WriteAllText(file, "previous\n");

        var run = await sample.RunAsync("run", "--results", file, "--report", "html=" + sample.Workspace.SuitesPath);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("is a folder"));
            Assert.That(File.ReadAllText(file), Is.EqualTo("previous\n"), "not truncated");
            Assert.That(OpenHandlesTo(file), Is.Zero, "no handle to the results file is left open");
        });
    }

    /// <summary>How many of this process's file descriptors point at the file (Linux /proc).</summary>
    private static int OpenHandlesTo(string file)
    {
        var full = Path.GetFullPath(file);
        return new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(descriptor => { try { return descriptor.LinkTarget == full; } catch (IOException) { return false; } });
    }

    private sealed class DisposableList<T>(IEnumerable<T> items) : IDisposable
        where T : IDisposable
    {
        public List<T> Items { get; } = [.. items];

        public void Dispose() => Items.ForEach(item => item.Dispose());
    }
}
