using System.Diagnostics;
using System.Text;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// Kills <c>llmguard run --mode update</c> at random moments and checks that every verified file is always either the
/// complete old or the complete new snapshot, never a truncated or mixed one.
/// </summary>
public sealed class KillDuringUpdateTests
{
    private const string SuiteId = "kill";
    private const int CaseCount = 40;
    private const int Iterations = 24;

    [Test]
    [CancelAfter(120_000)]
    public async Task A_killed_update_leaves_every_verified_file_old_or_new_and_complete()
    {
        var oldAnswers = Answers("old");
        var newAnswers = Answers("new");
        var (oldBytes, newBytes) = await RecordBothVersionsAsync(oldAnswers, newAnswers);

        using var workspace = CreateWorkspace();
        WriteSnapshots(workspace, oldBytes);
        workspace.WriteAnswers(newAnswers);
        await CalibrateAsync(workspace);
        Assert.That(Classify(workspace, oldBytes, newBytes).New, Is.EqualTo(CaseCount), "the uninterrupted update wrote every new snapshot");
        // Measured again once warm: the first run of the CLI is slower than the ones that get killed.
        workspace.WriteAnswers(oldAnswers);
        var calibration = await CalibrateAsync(workspace);
        Assert.That(Classify(workspace, oldBytes, newBytes).Old, Is.EqualTo(CaseCount), "the uninterrupted update wrote every old snapshot");

        var random = new Random(20261123);
        var tally = new Dictionary<string, int>(StringComparer.Ordinal) { ["before"] = 0, ["mid-run"] = 0, ["after"] = 0 };
        var transitions = new Dictionary<string, int>(StringComparer.Ordinal) { ["old→new"] = 0, ["new→old"] = 0 };
        var window = (Start: calibration.FirstWrite.TotalMilliseconds, End: calibration.LastWrite.TotalMilliseconds);
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var towardsNew = random.Next(2) == 0;
            var (from, to, answers) = towardsNew ? (oldBytes, newBytes, newAnswers) : (newBytes, oldBytes, oldAnswers);
            var state = Classify(workspace, oldBytes, newBytes);
            if ((towardsNew ? state.Old : state.New) != CaseCount)
            {
                WriteSnapshots(workspace, from);
            }

            workspace.WriteAnswers(answers);
            // Half of the kills anywhere in the run (before, during or after the writes), half inside the write window, which
            // narrows as kills land before or after it (warm runs are faster than the measured one).
            var targeted = iteration % 2 == 1;
            var delay = targeted
                ? window.Start + (random.NextDouble() * (window.End - window.Start))
                : random.NextDouble() * calibration.Total.TotalMilliseconds * 1.1;
            await RunAndKillAsync(workspace, TimeSpan.FromMilliseconds(delay));

            var after = Classify(workspace, oldBytes, newBytes);
            Assert.That(after.Unexpected, Is.Empty, $"iteration {iteration}: after a kill at {delay:F0} ms");
            var landed = (towardsNew ? after.New : after.Old) switch
            {
                0 => "before",
                CaseCount => "after",
                _ => "mid-run",
            };
            tally[landed]++;
            if (targeted)
            {
                window = landed switch
                {
                    "before" => (delay, window.End),
                    "after" => (window.Start, delay),
                    _ => window,
                };
                if (window.End - window.Start < 20)
                {
                    window = (calibration.FirstWrite.TotalMilliseconds * 0.5, calibration.LastWrite.TotalMilliseconds);
                }
            }

            transitions[towardsNew ? "old→new" : "new→old"]++;
        }

        var leftovers = Classify(workspace, oldBytes, newBytes).Temporary;
        var lockLeft = File.Exists(Path.Combine(workspace.SnapshotsPath, ".llmguard.lock"));
        // The next writer of the folder takes over the killed run's lock and removes the temporary files its kills left.
        var nextRun = await CliProcess.RunAsync(workspace.Root, "run", "--mode", "update");
        var afterNextRun = Classify(workspace, oldBytes, newBytes);
        var summary = $"{Iterations} kills; landed {string.Join(", ", tally.Select(pair => $"{pair.Key}: {pair.Value}"))}; "
            + $"transitions {string.Join(", ", transitions.Select(pair => $"{pair.Key}: {pair.Value}"))}; "
            + $"uninterrupted run {calibration.Total.TotalMilliseconds:F0} ms, writes from {calibration.FirstWrite.TotalMilliseconds:F0} to {calibration.LastWrite.TotalMilliseconds:F0} ms; "
            + $"{leftovers} temporary file(s) left by kills; lock file left by the last kill: {lockLeft}";
        TestContext.Out.WriteLine(summary);
        Assert.Multiple(() =>
        {
            Assert.That(tally["mid-run"], Is.Positive, "no kill landed while files were being written: " + summary);
            Assert.That(transitions.Values, Is.All.Positive, summary);
            Assert.That(nextRun.ExitCode, Is.Zero, nextRun.ToString());
            Assert.That(afterNextRun.Temporary, Is.Zero, "no temporary file survives the next run");
            Assert.That(afterNextRun.Unexpected, Is.Empty, "the next run leaves only complete snapshots");
        });
    }

    private static TempWorkspace CreateWorkspace()
    {
        var workspace = new TempWorkspace();
        var suite = new StringBuilder($"""
            id: {SuiteId}
            target:
              provider: scripted
              model: fixture-1
              options: {"{"} responses: answers.json, delay_ms: 15 {"}"}
            cases:

            """);
        for (var index = 0; index < CaseCount; index++)
        {
            suite.Append($"  - id: case-{index:D2}\n    prompt: Prompt {index}\n");
        }

        workspace.Write($"suites/{SuiteId}.yaml", suite.ToString());
        return workspace;
    }

    /// <summary>Answers of 2 to 6 KB, so that writing 40 snapshots takes measurable time.</summary>
    private static Dictionary<string, string> Answers(string version) =>
        Enumerable.Range(0, CaseCount).ToDictionary(
            index => $"Prompt {index}",
            index => string.Join('\n', Enumerable.Range(0, 40 + (index * 2)).Select(line => $"{version} answer {index}, line {line}: the quick brown fox jumps over the lazy dog.")));

    /// <summary>The exact bytes of every snapshot in both versions, recorded once in a scratch workspace.</summary>
    private static async Task<(byte[][] Old, byte[][] New)> RecordBothVersionsAsync(Dictionary<string, string> oldAnswers, Dictionary<string, string> newAnswers)
    {
        using var scratch = CreateWorkspace();
        scratch.WriteAnswers(oldAnswers);
        var recordOld = await CliProcess.RunAsync(scratch.Root, "run", "--mode", "update");
        Assert.That(recordOld.ExitCode, Is.Zero, recordOld.ToString());
        var oldBytes = ReadSnapshots(scratch);
        scratch.WriteAnswers(newAnswers);
        var recordNew = await CliProcess.RunAsync(scratch.Root, "run", "--mode", "update");
        Assert.That(recordNew.ExitCode, Is.Zero, recordNew.ToString());
        var newBytes = ReadSnapshots(scratch);
        Assert.That(Enumerable.Range(0, CaseCount).Where(index => oldBytes[index].AsSpan().SequenceEqual(newBytes[index])), Is.Empty, "old and new snapshots differ");
        return (oldBytes, newBytes);
    }

    private static byte[][] ReadSnapshots(TempWorkspace workspace) =>
        [.. Enumerable.Range(0, CaseCount).Select(index => File.ReadAllBytes(workspace.VerifiedPath(SuiteId, CaseId(index))))];

    private static void WriteSnapshots(TempWorkspace workspace, byte[][] snapshots)
    {
        Directory.CreateDirectory(Path.Combine(workspace.SnapshotsPath, SuiteId));
        for (var index = 0; index < CaseCount; index++)
        {
            File.WriteAllBytes(workspace.VerifiedPath(SuiteId, CaseId(index)), snapshots[index]);
        }
    }

    private static string CaseId(int index) => $"case-{index:D2}";

    /// <summary>Runs one uninterrupted update and measures when its snapshot writes happen, relative to the process start.</summary>
    private static async Task<Calibration> CalibrateAsync(TempWorkspace workspace)
    {
        var started = DateTime.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var result = await CliProcess.RunAsync(workspace.Root, "run", "--mode", "update", "--concurrency", "4");
        var total = stopwatch.Elapsed;
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var writes = Enumerable.Range(0, CaseCount).Select(index => File.GetLastWriteTimeUtc(workspace.VerifiedPath(SuiteId, CaseId(index))) - started).ToList();
        return new Calibration(total, writes.Min(), writes.Max());
    }

    private static async Task RunAndKillAsync(TempWorkspace workspace, TimeSpan delay)
    {
        using var process = new Process { StartInfo = CliProcess.StartInfo(workspace.Root, null, ["run", "--mode", "update", "--concurrency", "4"]) };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.Delay(delay);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>Sorts the snapshot folder's files: complete old or new snapshots, temporary files, and anything else.</summary>
    private static SnapshotState Classify(TempWorkspace workspace, byte[][] oldBytes, byte[][] newBytes)
    {
        var folder = Path.Combine(workspace.SnapshotsPath, SuiteId);
        var expected = Enumerable.Range(0, CaseCount).ToDictionary(index => Path.GetFileName(workspace.VerifiedPath(SuiteId, CaseId(index))));
        int old = 0, @new = 0, temporary = 0;
        var unexpected = new List<string>();
        foreach (var path in Directory.EnumerateFiles(workspace.SnapshotsPath, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (Path.GetDirectoryName(path) == folder && expected.TryGetValue(name, out var index))
            {
                var bytes = File.ReadAllBytes(path);
                if (bytes.AsSpan().SequenceEqual(oldBytes[index]))
                {
                    old++;
                }
                else if (bytes.AsSpan().SequenceEqual(newBytes[index]))
                {
                    @new++;
                }
                else
                {
                    unexpected.Add($"{name} is neither the old nor the new snapshot ({bytes.Length} bytes; old {oldBytes[index].Length}, new {newBytes[index].Length})");
                }
            }
            else if (name == ".llmguard.lock")
            {
                // The lock file a killed update leaves; the next writer takes it over.
            }
            else if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                temporary++;
            }
            else
            {
                unexpected.Add("unexpected file " + Path.GetRelativePath(workspace.SnapshotsPath, path));
            }
        }

        unexpected.AddRange(expected.Keys.Where(name => !File.Exists(Path.Combine(folder, name))).Select(name => "missing " + name));
        return new SnapshotState(old, @new, temporary, unexpected);
    }

    private sealed record Calibration(TimeSpan Total, TimeSpan FirstWrite, TimeSpan LastWrite);

    private sealed record SnapshotState(int Old, int New, int Temporary, IReadOnlyList<string> Unexpected);
}
