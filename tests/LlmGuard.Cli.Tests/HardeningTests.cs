using System.Diagnostics;
using System.Globalization;
using LlmGuard.Cli.Tests.Infrastructure;
using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Cli.Tests;

/// <summary>Hostile suites, hostile servers and faults through the real command line (issue 13).</summary>
public sealed class HardeningTests
{
    private static string SlowSuite(int cases, int delayMs) => $"""
        id: slow
        target:
          provider: scripted
          model: fixture-1
          options: {"{"} responses: answers.json, delay_ms: {delayMs} {"}"}
        cases:

        """ + string.Concat(Enumerable.Range(1, cases).Select(i => $"  - id: case-{i:D2}\n    prompt: Question {i}?\n"));

    [Test]
    [CancelAfter(120_000)]
    public async Task A_second_update_of_the_same_snapshots_fails_at_once_naming_the_first_and_a_killed_holder_is_taken_over()
    {
        using var workspace = new TempWorkspace();
        workspace.Write("suites/slow.yaml", SlowSuite(40, 200));
        workspace.WriteAnswers(Enumerable.Range(1, 40).ToDictionary(i => $"Question {i}?", i => $"Answer {i}."));
        using var first = Process.Start(CliProcess.StartInfo(workspace.Root, null, ["run", "--mode", "update", "--concurrency", "1"]))!;
        first.StandardInput.Close();
        var lockFile = Path.Combine(workspace.SnapshotsPath, ".llmguard.lock");
        while (!File.Exists(lockFile) && !first.HasExited)
        {
            await Task.Delay(20);
        }

        var second = await InProcessCli.RunAsync("run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);
        var secondAccept = await InProcessCli.RunAsync("accept", "--all", "--snapshots", workspace.SnapshotsPath);
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        var afterKill = await InProcessCli.RunAsync("run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);

        Assert.Multiple(() =>
        {
            Assert.That(second.ExitCode, Is.EqualTo(2), second.ToString());
            Assert.That(second.Error, Does.Contain($"process id {first.Id.ToString(CultureInfo.InvariantCulture)}").And.Contain("Nothing was run"));
            Assert.That(secondAccept.ExitCode, Is.EqualTo(2), secondAccept.ToString());
            Assert.That(secondAccept.Error, Does.Contain($"process id {first.Id.ToString(CultureInfo.InvariantCulture)}").And.Not.Contain("   at "));
            Assert.That(afterKill.ExitCode, Is.Zero, "the killed holder's lock is taken over: " + afterKill);
            Assert.That(File.Exists(lockFile), Is.False, "released at the end of the run");
            Assert.That(Directory.GetFiles(workspace.SnapshotsPath, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Sigterm_stops_a_run_busy_evaluating_backtracking_patterns_promptly_with_exit_130_and_complete_files()
    {
        using var workspace = new TempWorkspace();
        const int Cases = 12;
        var answer = new string('a', 5_000) + "!";
        workspace.Write("suites/slow.yaml", $$"""
            id: slow
            target:
              provider: scripted
              model: fixture-1
              options: { responses: answers.json }
            defaults:
              expect:
                - regex: "^(a+)+$"
                - json-schema: { type: string, pattern: "^(a|aa)+$" }
            cases:

            """ + string.Concat(Enumerable.Range(1, Cases).Select(i => $"  - id: case-{i:D2}\n    prompt: Question {i}?\n")));
        workspace.WriteAnswers(Enumerable.Range(1, Cases).ToDictionary(i => $"Question {i}?", _ => answer));
        using var process = Process.Start(CliProcess.StartInfo(workspace.Root, null, ["run", "--mode", "update", "--concurrency", "2"]))!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var header = await process.StandardOutput.ReadLineAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var signalled = Stopwatch.StartNew();
        using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync();
        }

        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var stoppedAfter = signalled.Elapsed;

        var verified = Directory.Exists(Path.Combine(workspace.SnapshotsPath, "slow")) ? Directory.GetFiles(Path.Combine(workspace.SnapshotsPath, "slow"), "*.verified.txt") : [];
        TestContext.Out.WriteLine($"stopped {stoppedAfter.TotalMilliseconds:F0} ms after SIGTERM; {verified.Length} of {Cases} recorded");
        Assert.Multiple(() =>
        {
            Assert.That(header, Does.StartWith("llmguard run:"));
            Assert.That(process.ExitCode, Is.EqualTo(130), output + error.Result);
            // Uninterrupted, the run takes Cases × 2 patterns × the 2 s timeout / 2 workers = 24 s: stopping well before that
            // shows the evaluation stopped; the bound is generous so a loaded machine cannot make it flake.
            Assert.That(stoppedAfter, Is.LessThan(TimeSpan.FromSeconds(8)));
            Assert.That(verified, Has.Length.LessThan(Cases));
            foreach (var file in verified)
            {
                Assert.That(File.ReadAllText(file), Does.EndWith("---\n" + answer), "every recorded file is complete");
            }
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task A_fifo_or_a_device_named_as_a_suite_is_refused_by_name_without_blocking()
    {
        using var workspace = new TempWorkspace();
        var fifo = workspace.PathOf("suites/pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        File.CreateSymbolicLink(workspace.PathOf("suites/zero.yaml"), "/dev/zero");

        var validate = await InProcessCli.RunAsync("validate", "--suites", workspace.SuitesPath);

        Assert.Multiple(() =>
        {
            Assert.That(validate.ExitCode, Is.EqualTo(2), validate.ToString());
            Assert.That(validate.Out, Does.Contain($"{fifo}:1:1: error LG0005: The suite file is refused: it is a FIFO (named pipe), not a regular file"));
            Assert.That(validate.Out, Does.Contain($"{workspace.PathOf("suites/zero.yaml")}:1:1: error LG0005: The suite file is refused: it is a character device"));
        });
    }

    [Test]
    public async Task A_results_file_on_a_full_disk_is_a_clean_error_with_exit_code_2()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();

        var run = await sample.RunAsync("run", "--results", "/dev/full");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
            Assert.That(run.Error, Does.Contain("Cannot write the run's results").Or.Contain("Cannot write the results file"));
            Assert.That(run.AllOutput, Does.Not.Contain("   at ").And.Not.Contain("Unhandled"));
        });
    }

    [Test]
    public async Task Pin_escapes_the_identity_a_server_reports()
    {
        using var workspace = new TempWorkspace();
        workspace.Write("suites/pinned.yaml", """
            id: pinned
            target:
              provider: hostile
              model: m
            cases:
              - id: hello
                prompt: Hello?
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, IsTerminal: false, TestEnvironment.Reader(),
            () => CliContext.BuiltInProviders().Register("hostile", (_, _) => new HostileIdentityClient()));

        var exitCode = await CliApplication.RunAsync(["pin", "--suites", workspace.SuitesPath], context);

        var printed = output.ToString() + error;
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, printed);
            Assert.That(printed, Does.Contain("\\u001B]0;owned\\u0007").And.Contain("\\u000Apinned.yaml:1:1: error LG0001: forged"));
            Assert.That(printed.Where(character => char.IsControl(character) && character is not ('\n' or '\r')), Is.Empty);
            Assert.That(printed.Split('\n').Where(line => line.Contains("LG0001", StringComparison.Ordinal)).Select(line => line.StartsWith("pinned.yaml", StringComparison.Ordinal)), Has.None.True);
        });
    }

    [Test]
    public async Task A_file_name_with_control_characters_never_breaks_a_diagnostic_line()
    {
        using var workspace = new TempWorkspace();
        workspace.Write("suites/evil\nforged.yaml:1:1: error LG0001 \u001b[31mx.yaml", "id: x\n");

        var validate = await InProcessCli.RunAsync("validate", "--suites", workspace.SuitesPath);

        var lines = validate.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(validate.ExitCode, Is.EqualTo(2), validate.ToString());
            Assert.That(lines.Where(line => line.StartsWith("forged.yaml", StringComparison.Ordinal)), Is.Empty, validate.Out);
            Assert.That(validate.Out, Does.Contain("evil\\u000Aforged.yaml:1:1: error LG0001 \\u001B[31mx.yaml:"));
        });
    }

    [Test]
    public async Task A_key_variable_that_does_not_look_like_a_key_is_refused_unless_the_environment_allows_it()
    {
        using var workspace = new TempWorkspace();
        workspace.Write("suites/team.yaml", """
            id: team
            target:
              provider: openai-compatible
              model: local-model
              endpoint: http://127.0.0.1:9/v1
              api_key_env: TEAM_SECRET
            cases:
              - id: hello
                prompt: Hello?
            """);

        var refused = await InProcessCli.RunAsync("validate", "--suites", workspace.SuitesPath);
        var allowed = await InProcessCli.RunAsync(new Dictionary<string, string> { ["LLMGUARD_ALLOWED_KEY_VARS"] = "OTHER_VAR, TEAM_SECRET" }, "validate", "--suites", workspace.SuitesPath);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2), refused.ToString());
            Assert.That(refused.Out, Does.Contain("team.yaml:6:16: error LG1017: 'api_key_env' is refused: 'TEAM_SECRET' does not look like a key variable"));
            Assert.That(allowed.ExitCode, Is.Zero, allowed.ToString());
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Run_and_report_escape_a_model_id_the_server_answers_with_in_the_summary(bool terminal)
    {
        using var workspace = new TempWorkspace();
        workspace.Write("suites/drifting.yaml", """
            id: drifting
            target:
              provider: hostile
              model: m
            gate:
              fail_on_identity_change: true
            cases:
              - id: hello
                prompt: Hello?
            """);
        var resolvedModel = "m-1";
        async Task<(int ExitCode, string Printed)> RunAsync(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var context = new CliContext(output, error, terminal, TestEnvironment.Reader(),
                () => CliContext.BuiltInProviders().Register("hostile", (_, _) => new ScriptedChatClient(resolvedModel, _ => "hi")));
            var exitCode = await CliApplication.RunAsync(args, context);
            return (exitCode, output.ToString() + error);
        }

        var record = await RunAsync("run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);
        resolvedModel = "m-2\u001b]0;owned\u0007\nFAIL forged: 0 unchanged";
        var json = workspace.PathOf("results.json");
        var verify = await RunAsync("run", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath, "--report", "json=" + json);
        var report = await RunAsync("report", json);

        Assert.Multiple(() =>
        {
            Assert.That(record.ExitCode, Is.Zero, record.Printed);
            Assert.That(verify.ExitCode, Is.EqualTo(1), verify.Printed);
            foreach (var (name, printed) in new[] { ("run", verify.Printed), ("report", report.Printed) })
            {
                Assert.That(printed, Does.Contain("m-2\\u001B]0;owned\\u0007\\u000AFAIL forged"), name);
                Assert.That(printed.Contains("\u001b]", StringComparison.Ordinal) || printed.Contains('\u0007', StringComparison.Ordinal), Is.False, name + ": no raw OSC sequence or bell");
                Assert.That(printed.Split('\n').Where(line => line.StartsWith("FAIL forged", StringComparison.Ordinal)), Is.Empty, name + ": no forged line");
            }
        });
    }

    [Test]
    public async Task Report_escapes_reasons_and_identity_changes_read_from_a_crafted_results_file()
    {
        using var sample = new SampleWorkspace();
        await sample.RecordAsync();
        var json = sample.Workspace.PathOf("results.json");
        await sample.RunAsync("run", "--report", "json=" + json);
        var report = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
        var suite = report["suites"]![0]!;
        suite["gate"]!["passed"] = false;
        suite["gate"]!["reasons"] = new System.Text.Json.Nodes.JsonArray("model identity changed: resolved_model: m → m-2\u001b]0;owned\u0007\nFAIL forged: 0 unchanged");
        suite["identity_changes"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"field":"digest","recorded":"a","current":"b\u001b[2J","gating":false}]""");
        File.WriteAllText(json, report.ToJsonString());

        var rendered = await InProcessCli.RunAsync("report", json);

        Assert.Multiple(() =>
        {
            Assert.That(rendered.ExitCode, Is.EqualTo(1), rendered.ToString());
            Assert.That(rendered.Out, Does.Contain("m-2\\u001B]0;owned\\u0007\\u000AFAIL forged").And.Contain("digest: a → b\\u001B[2J"));
            Assert.That(rendered.AllOutput.Where(character => char.IsControl(character) && character is not ('\n' or '\r')), Is.Empty);
            Assert.That(rendered.Out.Split('\n').Where(line => line.StartsWith("FAIL forged", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task The_value_of_a_key_variable_is_masked_in_snapshots_reports_and_output_even_when_it_does_not_look_like_a_secret()
    {
        const string Key = "correct horse battery staple 7";
        using var workspace = new TempWorkspace();
        workspace.Write("suites/echo.yaml", """
            id: echo
            target:
              provider: echo
              model: m
              api_key_env: TEAM_API_KEY
            cases:
              - id: hello
                prompt: Hello?
            """);
        var environment = new Dictionary<string, string> { ["TEAM_API_KEY"] = Key };
        async Task<string> RunAsync(params string[] args)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var context = new CliContext(output, error, IsTerminal: false, TestEnvironment.Reader(environment),
                () => CliContext.BuiltInProviders().Register("echo", (_, providerContext) =>
                    new ScriptedChatClient("m", _ => $"the key is {providerContext.GetEnvironmentVariable("TEAM_API_KEY")}.")));
            var exitCode = await CliApplication.RunAsync(args, context);
            return $"exit {exitCode}\n{output}{error}";
        }

        var json = workspace.PathOf("results.json");
        var html = workspace.PathOf("report.html");
        var record = await RunAsync("run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath);
        var verify = await RunAsync("run", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath, "--report", "json=" + json, "--report", "html=" + html);
        var snapshot = File.ReadAllText(Path.Combine(workspace.SnapshotsPath, "echo", "hello.verified.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(record, Does.StartWith("exit 0"), record);
            Assert.That(verify, Does.StartWith("exit 0"), verify);
            Assert.That(snapshot, Does.Contain("the key is ***.").And.Not.Contain(Key));
            Assert.That(File.ReadAllText(json), Does.Contain("the key is ***.").And.Not.Contain(Key));
            Assert.That(File.ReadAllText(html), Does.Not.Contain(Key));
            Assert.That(record + verify, Does.Not.Contain(Key));
        });
    }

    /// <summary>A model whose server reports an identity crafted to drive a terminal and forge a log line.</summary>
    private sealed class HostileIdentityClient() : DelegatingChatClient(new ScriptedChatClient("m", _ => "hi")), IModelIdentitySource
    {
        public ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken) => ValueTask.FromResult(new ModelIdentity
        {
            Digest = "sha256:1\u001b]0;owned\u0007",
            ResolvedModelId = "m\npinned.yaml:1:1: error LG0001: forged",
        });

        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(IModelIdentitySource) ? this : base.GetService(serviceType, serviceKey);
    }
}
