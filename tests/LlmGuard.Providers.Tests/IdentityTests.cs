using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Providers.Pinning;
using LlmGuard.Providers.Tests.Infrastructure;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Providers.Tests;

public sealed class IdentityTests
{
    private LoopbackModelServer server = null!;

    [SetUp]
    public async Task SetUp() => server = await LoopbackModelServer.StartAsync();

    [TearDown]
    public async Task TearDown() => await server.DisposeAsync();

    [Test]
    public async Task A_digest_that_differs_from_the_pin_stops_the_run_before_any_case()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(
            ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server) + "pin: { digest: 0000000000000000000000000000000000000000000000000000000000000000 }\n", "Hello?"));

        var exception = Assert.ThrowsAsync<ProviderConfigurationException>(() => workspace.RunAsync(RunMode.Verify));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain(server.Digest).And.Contain("No case was run"));
            Assert.That(server.ChatRequests, Is.Empty);
        });
    }

    [Test]
    public async Task A_matching_pin_lets_the_run_proceed()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(
            ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server) + $"pin: {{ digest: {server.Digest}, resolved_model: \"llama3.2:3b\" }}\n", "Hello?"));

        var (results, _) = await workspace.RunAsync(RunMode.Update);

        Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.New));
    }

    [Test]
    public async Task A_changed_digest_since_recording_fails_the_gate()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server), "Hello?"));
        await workspace.RunAsync(RunMode.Update);
        server.Digest = "b" + server.Digest[1..];

        var (results, verdict) = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.Unchanged));
            Assert.That(results.Single().IdentityChanges.Single().Field, Is.EqualTo("digest"));
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [Test]
    public async Task Ollama_modified_at_alone_changes_nothing()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server), "Hello?"));
        await workspace.RunAsync(RunMode.Update);
        var before = File.ReadAllBytes(workspace.Store.PathOf("suite", "case-1", Snapshots.SnapshotKind.Verified));
        server.ModifiedAt = "2026-06-01T08:00:00Z";

        var (_, verdict) = await workspace.RunAsync(RunMode.Update);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Suites.Single().IdentityChanges, Is.Empty);
            Assert.That(File.ReadAllBytes(workspace.Store.PathOf("suite", "case-1", Snapshots.SnapshotKind.Verified)), Is.EqualTo(before));
        });
    }

    [Test]
    public async Task A_changed_ollama_server_version_leaves_a_rerecorded_snapshot_byte_identical()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server), "Hello?"));
        await workspace.RunAsync(RunMode.Update);
        var before = File.ReadAllBytes(workspace.Store.PathOf("suite", "case-1", Snapshots.SnapshotKind.Verified));
        server.OllamaVersion = "0.13.0";

        var (_, verdict) = await workspace.RunAsync(RunMode.Update);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Suites.Single().IdentityChanges, Is.Empty);
            Assert.That(File.ReadAllBytes(workspace.Store.PathOf("suite", "case-1", Snapshots.SnapshotKind.Verified)), Is.EqualTo(before));
            Assert.That(System.Text.Encoding.UTF8.GetString(before), Does.Not.Contain("0.12.11"), "no server version in the snapshot");
        });
    }

    [Test]
    public async Task A_pinned_resolved_model_that_no_longer_holds_stops_the_run_after_one_probe_and_before_any_case()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(
            ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "pin: { resolved_model: gpt-4o-2024-05-13 }\n", "Hello?", "Bye?"));

        var exception = Assert.ThrowsAsync<ProviderConfigurationException>(() => workspace.RunAsync(RunMode.Update));

        var requests = server.ChatRequests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("gpt-4o-2024-08-06").And.Contain("gpt-4o-2024-05-13").And.Contain("No case was run"));
            Assert.That(requests, Has.Count.EqualTo(1), "exactly one probe");
            Assert.That(requests.Single().Json["messages"]!.AsArray().Single()!["content"]!.GetValue<string>(), Is.EqualTo("ping"));
            Assert.That(requests.Single().Json["max_completion_tokens"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(requests.Single().Json["temperature"]!.GetValue<double>(), Is.Zero);
            Assert.That(workspace.WrittenFiles().Where(file => file.Contains("snapshots", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task A_pinned_resolved_model_that_holds_costs_one_probe_then_the_cases_run()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(
            ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "pin: { resolved_model: gpt-4o-2024-08-06 }\n", "Hello?", "Bye?"));

        var (results, verdict) = await workspace.RunAsync(RunMode.Update);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.New), workspace.Report.ToString());
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
            Assert.That(server.ChatRequests.Select(r => r.Json["messages"]!.AsArray().Last()!["content"]!.GetValue<string>()).Order(),
                Is.EqualTo(new[] { "Bye?", "Hello?", "ping" }));
        });
    }

    [Test]
    public async Task An_unpinned_openai_target_sends_no_probe()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), "Hello?"));

        await workspace.RunAsync(RunMode.Update);

        Assert.That(server.ChatRequests.Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_changed_resolved_model_fails_the_gate()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), "Hello?"));
        await workspace.RunAsync(RunMode.Update);
        server.ResolvedModel = "gpt-4o-2024-11-20";

        var (results, verdict) = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.Unchanged));
            Assert.That(results.Single().IdentityChanges, Is.EqualTo(new[] { new IdentityChange("resolved_model", "gpt-4o-2024-08-06", "gpt-4o-2024-11-20", true) }));
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
            Assert.That(verdict.Suites.Single().Reasons, Has.Some.Contains("model identity changed"));
        });
    }

    [Test]
    public async Task A_changed_fingerprint_is_reported_but_does_not_fail_the_gate()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), "Hello?"));
        await workspace.RunAsync(RunMode.Update);
        server.Fingerprint = "fp_ffffffffff";

        var (results, verdict) = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().IdentityChanges, Is.EqualTo(new[] { new IdentityChange("system_fingerprint", "fp_0a1b2c3d4e", "fp_ffffffffff", false) }));
            Assert.That(verdict.Suites.Single().IdentityChanges, Has.Count.EqualTo(1));
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
        });
    }

    [Test]
    public async Task An_answer_from_another_model_than_the_pinned_one_is_a_provider_error_and_writes_nothing()
    {
        // The probe before the run still finds the pinned model; the backend changes before the case is answered.
        server.ResolvedModel = "gpt-4o-2024-05-13";
        server.Answer = prompt =>
        {
            server.ResolvedModel = prompt == "ping" ? "gpt-4o-2024-05-13" : "gpt-4o-2024-08-06";
            return $"Answer to: {prompt}";
        };
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(
            ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "pin: { resolved_model: gpt-4o-2024-05-13 }\n", "Hello?"));

        var (results, verdict) = await workspace.RunAsync(RunMode.Update);

        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Outcome, Is.EqualTo(CaseOutcome.ProviderError));
            Assert.That(results.Single().Failure?.Kind, Is.EqualTo("identity"));
            Assert.That(results.Single().Failure?.Message, Does.Contain("gpt-4o-2024-08-06").And.Contain("gpt-4o-2024-05-13"));
            Assert.That(verdict.Passed, Is.False);
            Assert.That(workspace.WrittenFiles().Where(file => file.Contains("snapshots", StringComparison.Ordinal)), Is.Empty);
        });
    }

    [Test]
    public async Task Pinning_an_ollama_suite_writes_digest_and_resolved_model_and_keeps_every_other_byte()
    {
        var target = ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server);
        var original = "# Regression suite for the local model\r\n" + SuiteWorkspace.Suite(target + "seed: 7   # fixed\noptions: { num_ctx: 4096 }", "Hello?").Replace("\n", "\r\n", StringComparison.Ordinal);
        using var workspace = new SuiteWorkspace(original);

        var result = await new IdentityPinner(workspace.Registry, _ => null).PinAsync(workspace.LoadSuite(), CancellationToken.None);
        var pinned = File.ReadAllText(workspace.SuitePath);

        var expected = original.Replace(
            $"  model: {LoopbackModelServer.OllamaModel}\r\n",
            $"  model: {LoopbackModelServer.OllamaModel}\r\n  pin: {{ digest: \"{server.Digest}\", resolved_model: \"llama3.2:3b\" }}\r\n",
            StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(result.FileChanged, Is.True);
            Assert.That(pinned, Is.EqualTo(expected));
            Assert.That(server.ChatRequests, Is.Empty, "Ollama reports its identity without a model call");
        });

        server.Digest = "c" + server.Digest[1..];
        var repinned = await new IdentityPinner(workspace.Registry, _ => null).PinAsync(workspace.LoadSuite(), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(repinned.PreviousDigest, Is.EqualTo("a" + server.Digest[1..]));
            Assert.That(File.ReadAllText(workspace.SuitePath), Is.EqualTo(expected.Replace("\"a" + server.Digest[1..], "\"" + server.Digest, StringComparison.Ordinal)));
        });
    }

    [Test]
    public async Task Pinning_an_openai_suite_asks_the_first_case_once_and_the_pin_then_holds()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), "Hello?", "Bye?"));
        workspace.Environment["UNUSED"] = "x";
        var pinner = new IdentityPinner(workspace.Registry, name => workspace.Environment.GetValueOrDefault(name));

        var result = await pinner.PinAsync(workspace.LoadSuite(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Identity.ResolvedModelId, Is.EqualTo("gpt-4o-2024-08-06"));
            Assert.That(File.ReadAllText(workspace.SuitePath), Does.Contain("  pin: { resolved_model: \"gpt-4o-2024-08-06\" }\n"));
            Assert.That(server.ChatRequests.Count(), Is.EqualTo(1));
        });
        var (results, _) = await workspace.RunAsync(RunMode.Update);
        Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.New));
    }
}
