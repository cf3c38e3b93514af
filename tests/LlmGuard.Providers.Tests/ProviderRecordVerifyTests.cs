using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Providers.Tests.Infrastructure;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Providers.Tests;

public sealed class ProviderRecordVerifyTests
{
    private LoopbackModelServer server = null!;

    [SetUp]
    public async Task SetUp() => server = await LoopbackModelServer.StartAsync();

    [TearDown]
    public async Task TearDown() => await server.DisposeAsync();

    [TestCase(ProviderNames.OpenAI, "/v1/chat/completions")]
    [TestCase(ProviderNames.OpenAICompatible, "/v1/chat/completions")]
    [TestCase(ProviderNames.AzureOpenAI, "/openai/v1/chat/completions")]
    [TestCase(ProviderNames.Ollama, "/api/chat")]
    public async Task Records_then_verifies_through_the_provider(string provider, string chatPath)
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(provider, server), "Capital of France?", "Capital of Spain?"));

        var recorded = await workspace.RunAsync(RunMode.Update);
        Assert.That(recorded.Results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.New), workspace.Report.ToString());
        Assert.That(recorded.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
        var snapshot = workspace.ReadVerified("case-1");
        var verified = await workspace.RunAsync(RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot, Does.EndWith("---\nAnswer to: Capital of France?"));
            Assert.That(verified.Results.Select(r => r.Outcome), Is.All.EqualTo(CaseOutcome.Unchanged), workspace.Report.ToString());
            Assert.That(verified.Verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
            Assert.That(server.ChatRequests.Select(r => r.Path), Is.All.EqualTo(chatPath));
        });
        if (provider == ProviderNames.Ollama)
        {
            Assert.That(snapshot, Does.Contain("resolved_model: llama3.2:3b\n").And.Contain($"digest: {server.Digest}\n"));
            Assert.That(snapshot, Does.Contain("\"family\":\"llama\"").And.Contain("\"quantization_level\":\"Q4_K_M\"").And.Contain("\"context_length\":\"131072\""));
            Assert.That(snapshot, Does.Not.Contain("modified_at").And.Not.Contain("duration"));
        }
        else
        {
            Assert.That(snapshot, Does.Contain("resolved_model: gpt-4o-2024-08-06\n").And.Contain("system_fingerprint: fp_0a1b2c3d4e\n"));
        }
    }

    [Test]
    public async Task Each_provider_authenticates_the_way_its_service_expects()
    {
        foreach (var provider in new[] { ProviderNames.OpenAI, ProviderNames.OpenAICompatible, ProviderNames.AzureOpenAI })
        {
            using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(provider, server), "Hello?"));
            await workspace.RunAsync(RunMode.Update);
        }

        var byPath = server.ChatRequests.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(byPath[0].Header("authorization"), Is.EqualTo("Bearer " + SuiteWorkspace.OpenAIKey));
            Assert.That(byPath[0].Header("openai-organization"), Is.EqualTo("org-test"));
            Assert.That(byPath[0].Header("openai-project"), Is.EqualTo("proj_test"));
            Assert.That(byPath[1].Header("authorization"), Is.Null, "a keyless OpenAI-compatible server gets no credentials");
            Assert.That(byPath[2].Header("api-key"), Is.EqualTo(SuiteWorkspace.AzureKey));
            Assert.That(byPath[2].Header("authorization"), Is.Null);
            Assert.That(byPath[2].Json["model"]!.GetValue<string>(), Is.EqualTo("my-gpt4o-deployment"), "Azure addresses the deployment");
        });
    }

    [Test]
    public async Task OpenAI_request_body_carries_every_parameter()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(ProviderNames.OpenAI, server) + """
            seed: 42
            top_p: 1
            max_tokens: 64
            stop: ["\n\n", "END"]
            """, "Hello?"));
        await workspace.RunAsync(RunMode.Update);

        var body = server.ChatRequests.Single().Json;
        Assert.Multiple(() =>
        {
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("gpt-4o-2024-08-06"));
            Assert.That(body["temperature"]!.GetValue<double>(), Is.Zero);
            Assert.That(body["seed"]!.GetValue<long>(), Is.EqualTo(42));
            Assert.That(body["top_p"]!.GetValue<double>(), Is.EqualTo(1));
            Assert.That(body["max_completion_tokens"]!.GetValue<int>(), Is.EqualTo(64));
            Assert.That(body["stop"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "\n\n", "END" }));
            Assert.That(body.ContainsKey("max_tokens"), Is.False, "OpenAI itself gets only max_completion_tokens");
        });
    }

    [Test]
    public async Task Temperature_default_sends_no_temperature()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(ProviderNames.OpenAI, server) + "temperature: default\n", "Hello?"));
        await workspace.RunAsync(RunMode.Update);

        Assert.That(server.ChatRequests.Single().Json.ContainsKey("temperature"), Is.False);
    }

    [Test]
    public async Task OpenAI_compatible_body_carries_top_k_max_tokens_and_options()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(ProviderNames.OpenAICompatible, server) + """
            seed: 7
            top_k: 1
            max_tokens: 32
            options: { repetition_penalty: 1.05, min_p: 0.1 }
            """, "Hello?"));
        await workspace.RunAsync(RunMode.Update);

        var body = server.ChatRequests.Single().Json;
        Assert.Multiple(() =>
        {
            Assert.That(body["temperature"]!.GetValue<double>(), Is.Zero);
            Assert.That(body["seed"]!.GetValue<long>(), Is.EqualTo(7));
            Assert.That(body["top_k"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(body["max_tokens"]!.GetValue<int>(), Is.EqualTo(32));
            Assert.That(body["max_completion_tokens"]!.GetValue<int>(), Is.EqualTo(32));
            Assert.That(body["repetition_penalty"]!.GetValue<double>(), Is.EqualTo(1.05));
            Assert.That(body["min_p"]!.GetValue<double>(), Is.EqualTo(0.1));
        });
    }

    [Test]
    public async Task Ollama_request_carries_every_option()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(ProviderNames.Ollama, server) + """
            seed: 123
            top_p: 0.9
            top_k: 1
            max_tokens: 128
            stop: ["</answer>"]
            options: { num_ctx: 8192, repeat_penalty: 1.1, repeat_last_n: 64 }
            """, "Hello?"));
        await workspace.RunAsync(RunMode.Update);

        var body = server.ChatRequests.Single().Json;
        var options = body["options"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo(LoopbackModelServer.OllamaModel));
            Assert.That(body["stream"]!.GetValue<bool>(), Is.False);
            Assert.That(options["temperature"]!.GetValue<double>(), Is.Zero);
            Assert.That(options["seed"]!.GetValue<int>(), Is.EqualTo(123));
            Assert.That(options["top_p"]!.GetValue<double>(), Is.EqualTo(0.9).Within(1e-6));
            Assert.That(options["top_k"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(options["num_predict"]!.GetValue<int>(), Is.EqualTo(128));
            Assert.That(options["stop"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "</answer>" }));
            Assert.That(options["num_ctx"]!.GetValue<int>(), Is.EqualTo(8192));
            Assert.That(options["repeat_penalty"]!.GetValue<double>(), Is.EqualTo(1.1).Within(1e-6));
            Assert.That(options["repeat_last_n"]!.GetValue<int>(), Is.EqualTo(64));
        });
    }

    [Test]
    public async Task Ollama_num_predict_from_options_is_sent_when_max_tokens_is_absent()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(ProviderNames.Ollama, server) + "options: { num_predict: 77 }\n", "Hello?"));
        await workspace.RunAsync(RunMode.Update);

        Assert.That(server.ChatRequests.Single().Json["options"]!["num_predict"]!.GetValue<int>(), Is.EqualTo(77));
    }

    [Test]
    public async Task Ollama_streaming_reads_ndjson()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(TargetFor(ProviderNames.Ollama, server), "Stream this please"));
        using var client = workspace.Registry.CreateClient(workspace.LoadSuite().Target, new ProviderContext(workspace.Directory, _ => null));
        var text = new System.Text.StringBuilder();
        await foreach (var update in client.GetStreamingResponseAsync([new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, "Stream this please")], new Microsoft.Extensions.AI.ChatOptions { ModelId = LoopbackModelServer.OllamaModel }))
        {
            text.Append(update.Text);
        }

        Assert.Multiple(() =>
        {
            Assert.That(text.ToString(), Is.EqualTo("Answer to: Stream this please"));
            Assert.That(server.ChatRequests.Single().Json["stream"]!.GetValue<bool>(), Is.True);
        });
    }

    internal static string TargetFor(string provider, LoopbackModelServer server) => provider switch
    {
        ProviderNames.OpenAI => $"""
            provider: openai
            model: gpt-4o-2024-08-06
            endpoint: {server.BaseAddress}v1
            organization: org-test
            project: proj_test
            """,
        ProviderNames.OpenAICompatible => $"""
            provider: openai-compatible
            model: qwen2.5-7b-instruct
            endpoint: {server.BaseAddress}v1
            """,
        ProviderNames.AzureOpenAI => $"""
            provider: azure-openai
            model: gpt-4o-2024-08-06
            deployment: my-gpt4o-deployment
            endpoint: {server.BaseAddress}
            """,
        _ => $"""
            provider: ollama
            model: {LoopbackModelServer.OllamaModel}
            endpoint: {server.BaseAddress}
            """,
    } + "\n";
}
