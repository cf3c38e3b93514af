using System.Diagnostics;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>The record → verify → drift → accept cycle, driving the built CLI as a child process in a temporary folder.</summary>
public sealed class EndToEndTests
{
    private const string Suite = """
        id: geo
        target:
          provider: scripted
          model: fixture-1
          seed: 7
          options: { responses: answers.json }
        cases:
          - id: france
            prompt: Capital of France?
            expect:
              - contains: Paris
          - id: spain
            prompt: Capital of Spain?
          - id: italy
            prompt: Capital of Italy?
        """;

    private TempWorkspace workspace = null!;
    private Dictionary<string, string> answers = null!;

    [SetUp]
    public void SetUp()
    {
        workspace = new TempWorkspace();
        workspace.Write("suites/geo.yaml", Suite);
        answers = new Dictionary<string, string>
        {
            ["Capital of France?"] = "Paris.\nIt is on the Seine.",
            ["Capital of Spain?"] = "Madrid.\nIt is in the centre.",
            ["Capital of Italy?"] = "Rome.",
        };
        workspace.WriteAnswers(answers);
    }

    [TearDown]
    public void TearDown() => workspace.Dispose();

    [Test]
    public async Task Record_verify_drift_accept_verify()
    {
        var record = await RunAsync("run", "--mode", "update");
        Assert.That(record.ExitCode, Is.Zero, record.ToString());
        string[] cases = ["france", "spain", "italy"];
        Assert.That(cases.Select(c => File.Exists(workspace.VerifiedPath("geo", c))), Is.All.True);

        var verify = await RunAsync("run");
        Assert.Multiple(() =>
        {
            Assert.That(verify.ExitCode, Is.Zero, verify.ToString());
            Assert.That(verify.Out, Does.Contain("PASS geo: 3 unchanged"));
        });

        answers["Capital of Spain?"] = "Madrid.\nIt is in the very centre.";
        workspace.WriteAnswers(answers);
        var drift = await RunAsync("run");
        var outcomeLines = OutcomeLines(drift.Out);
        Assert.Multiple(() =>
        {
            Assert.That(drift.ExitCode, Is.EqualTo(1), drift.ToString());
            Assert.That(outcomeLines, Has.Count.EqualTo(3));
            Assert.That(outcomeLines.Where(line => line.StartsWith("changed", StringComparison.Ordinal)), Is.EqualTo(new[] { "changed geo/spain" }));
            Assert.That(outcomeLines.Count(line => line.StartsWith("unchanged", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(drift.Out, Does.Contain("\n    -It is in the centre.\n"));
            Assert.That(drift.Out, Does.Contain("\n    +It is in the very centre.\n"));
            Assert.That(drift.Out, Does.Contain("\n     Madrid.\n"), "the unchanged line is shown as context");
            Assert.That(File.Exists(workspace.ReceivedPath("geo", "spain")), Is.True);
            Assert.That(File.Exists(workspace.ReceivedPath("geo", "france")), Is.False);
        });

        var accept = await RunAsync("accept", "--case", "geo/spain");
        Assert.Multiple(() =>
        {
            Assert.That(accept.ExitCode, Is.Zero, accept.ToString());
            Assert.That(accept.Out, Does.Contain("accepted geo/spain"));
        });

        var after = await RunAsync("run");
        Assert.Multiple(() =>
        {
            Assert.That(after.ExitCode, Is.Zero, after.ToString());
            Assert.That(after.Out, Does.Contain("PASS geo: 3 unchanged"));
            Assert.That(File.Exists(workspace.ReceivedPath("geo", "spain")), Is.False);
            Assert.That(File.ReadAllText(workspace.VerifiedPath("geo", "spain")), Does.EndWith("Madrid.\nIt is in the very centre."));
        });
    }

    [Test]
    public async Task Accept_all_takes_every_received_file()
    {
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);
        answers["Capital of Spain?"] = "Madrid!";
        answers["Capital of Italy?"] = "Rome!";
        workspace.WriteAnswers(answers);
        Assert.That((await RunAsync("run")).ExitCode, Is.EqualTo(1));

        var accept = await RunAsync("accept", "--all");
        var after = await RunAsync("run");
        Assert.Multiple(() =>
        {
            Assert.That(accept.Out, Does.Contain("2 snapshot(s) accepted."), accept.ToString());
            Assert.That(after.ExitCode, Is.Zero, after.ToString());
            Assert.That(Directory.EnumerateFiles(workspace.SnapshotsPath, "*.received.txt", SearchOption.AllDirectories), Is.Empty);
        });
    }

    [Test]
    public async Task Re_recording_unchanged_outputs_leaves_every_verified_file_byte_identical()
    {
        Assert.That((await RunAsync("run", "--mode", "update")).ExitCode, Is.Zero);
        var before = FileTree.Read(workspace.SnapshotsPath);
        var gitAvailable = await GitAsync("init", "--quiet") is { ExitCode: 0 };
        if (gitAvailable)
        {
            await GitAsync("add", "snapshots");
            var commit = await GitAsync("-c", "user.name=LlmGuard Tests", "-c", "user.email=tests@llmguard.invalid", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "Record");
            Assert.That(commit?.ExitCode, Is.Zero, commit?.ToString());
        }

        var rerecord = await RunAsync("run", "--mode", "update");
        var status = gitAvailable ? await GitAsync("status", "--porcelain", "--", "snapshots") : null;
        Assert.Multiple(() =>
        {
            Assert.That(rerecord.ExitCode, Is.Zero, rerecord.ToString());
            Assert.That(FileTree.Differences(before, FileTree.Read(workspace.SnapshotsPath)), Is.Empty);
            if (gitAvailable)
            {
                Assert.That(status?.Out, Is.Empty, status?.ToString());
            }
        });
        if (!gitAvailable)
        {
            Assert.Warn("git is not available: only the byte comparison ran.");
        }
    }

    private Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(workspace.Root, args);

    /// <summary>The case lines of plain output without their summaries, e.g. "changed geo/spain".</summary>
    private static List<string> OutcomeLines(string output) =>
        [.. output.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith(' ') && line.Contains(" geo/", StringComparison.Ordinal))
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)))];

    private async Task<CliResult?> GitAsync(params string[] args)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = workspace.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return new CliResult(process.ExitCode, await output, await error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
