using System.Diagnostics;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

public sealed class InterruptTests
{
    private const int CaseCount = 30;

    [Test]
    public async Task Ctrl_C_stops_starting_cases_keeps_what_finished_and_reports_a_partial_run()
    {
        using var workspace = new TempWorkspace();
        var cases = string.Concat(Enumerable.Range(1, CaseCount).Select(i => $"  - id: case-{i:D2}\n    prompt: Question {i}?\n"));
        workspace.Write("suites/slow.yaml", $"""
            id: slow
            target:
              provider: scripted
              model: fixture-1
              options: {"{"} responses: answers.json, delay_ms: 150 {"}"}
            cases:

            """ + cases);
        workspace.WriteAnswers(Enumerable.Range(1, CaseCount).ToDictionary(i => $"Question {i}?", i => $"Answer {i}."));

        using var process = Process.Start(CliProcess.StartInfo(workspace.Root, null,
            ["run", "--mode", "update", "--concurrency", "2", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath]))!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        var reportedCases = 0;
        while (reportedCases < 4 && await process.StandardOutput.ReadLineAsync() is { } line)
        {
            output.AppendLine(line);
            reportedCases += line.StartsWith("new ", StringComparison.Ordinal) ? 1 : 0;
        }

        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        output.Append(await process.StandardOutput.ReadToEndAsync());
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        var verified = Directory.GetFiles(Path.Combine(workspace.SnapshotsPath, "slow"), "*.verified.txt");
        Assert.Multiple(() =>
        {
            Assert.That(process.ExitCode, Is.EqualTo(130), output + error.Result);
            Assert.That(output.ToString(), Does.Contain("Interrupted: not every case ran").And.Contain("Interrupted. Exit code 130."));
            Assert.That(verified, Has.Length.InRange(reportedCases, CaseCount - 1), "cases stop being started");
            foreach (var file in verified)
            {
                var number = int.Parse(Path.GetFileName(file)["case-".Length..][..2], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(File.ReadAllText(file), Does.EndWith($"---\nAnswer {number}."), "every recorded file is complete");
            }

            Assert.That(Directory.GetFiles(workspace.SnapshotsPath, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        });
    }
}
