using LlmGuard.Execution;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Providers.Tests.Infrastructure;
using LlmGuard.Suites;

namespace LlmGuard.Providers.Tests;

public sealed class ConfigurationAndSecretTests
{
    private LoopbackModelServer server = null!;

    [SetUp]
    public async Task SetUp() => server = await LoopbackModelServer.StartAsync();

    [TearDown]
    public async Task TearDown() => await server.DisposeAsync();

    private const string OllamaProxyKey = "ollama-proxy-7Hq2Lk9Zp4Wx";

    /// <summary>Every real Ollama option name (those OllamaSharp sends, and the request's keep_alive): none may be taken for a secret.</summary>
    private static readonly string[] RealOllamaOptionNames =
    [
        "f16_kv", "frequency_penalty", "keep_alive", "logits_all", "low_vram", "main_gpu", "min_p", "mirostat", "mirostat_eta", "mirostat_tau",
        "numa", "num_batch", "num_ctx", "num_gpu", "num_gqa", "num_keep", "num_predict", "num_thread", "penalize_newline",
        "presence_penalty", "repeat_last_n", "repeat_penalty", "seed", "stop", "temperature", "tfs_z", "top_k", "top_p",
        "typical_p", "use_mlock", "use_mmap", "vocab_only",
    ];

    private static IEnumerable<string> OllamaOptionNames() => RealOllamaOptionNames.Union(Ollama.OllamaRequestRules.SupportedOptions).Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(OllamaOptionNames))]
    public void No_real_Ollama_option_is_refused_as_a_secret(string name)
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server) + $"options: {{ {name}: 1 }}\n", "Hello?"));

        var set = new SuiteLoader(null).Load(workspace.SuitePath);

        Assert.That(set.Diagnostics.Where(d => d.Code == DiagnosticCodes.SecretInSuite), Is.Empty, string.Join("\n", set.Diagnostics));
    }

    [TestCase(ProviderNames.OpenAI, "", "OPENAI_API_KEY", SuiteWorkspace.OpenAIKey)]
    [TestCase(ProviderNames.AzureOpenAI, "", "AZURE_OPENAI_API_KEY", SuiteWorkspace.AzureKey)]
    [TestCase(ProviderNames.Ollama, "api_key_env: OLLAMA_PROXY_KEY\n", "OLLAMA_PROXY_KEY", OllamaProxyKey)]
    public async Task No_key_appears_in_any_file_or_report_a_run_writes(string provider, string targetLines, string keyVariable, string key)
    {
        server.Faults = (prompt, _) => prompt.StartsWith("Fail", StringComparison.Ordinal) ? Fault.Unauthorized : Fault.None;
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(provider, server) + targetLines, "Hello?", "Fail please", "Another?"));
        workspace.Environment[keyVariable] = key;
        server.Answer = prompt => $"Answer to: {prompt}";

        await workspace.RunAsync(RunMode.Update);
        server.Answer = prompt => $"A changed answer to: {prompt}";
        await workspace.RunAsync(RunMode.Verify);

        var files = workspace.WrittenFiles().ToList();
        Assert.That(files.Where(file => file.EndsWith(".received.txt", StringComparison.Ordinal)), Is.Not.Empty, "the verify run wrote received files");
        Assert.That(workspace.Report.ToString(), Does.Contain("auth"));
        Assert.That(server.Requests.Select(request => request.Header("authorization") ?? request.Header("api-key")), Has.Some.Contains(key), "the key was sent");
        foreach (var text in files.Select(File.ReadAllText).Append(workspace.Report.ToString()))
        {
            Assert.That(text, Does.Not.Contain(key).And.Not.Contain(key[..8]));
        }
    }

    [Test]
    public void A_missing_key_names_the_variable_before_any_call()
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server), "Hello?"));
        workspace.Environment.Remove("OPENAI_API_KEY");

        var exception = Assert.ThrowsAsync<ProviderConfigurationException>(() => workspace.RunAsync(RunMode.Verify));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("OPENAI_API_KEY"));
            Assert.That(server.Requests, Is.Empty);
        });
    }

    [TestCase("seed: 3000000000\n", "seed")]
    [TestCase("max_tokens: 100\noptions: { num_predict: 50 }\n", "num_predict")]
    [TestCase("options: { keep_alive: 5m }\n", "keep_alive")]
    public void Ollama_refuses_what_it_would_send_wrongly(string targetLines, string named)
    {
        var target = Target(ProviderRecordVerifyTests.TargetFor(ProviderNames.Ollama, server) + targetLines);

        var exception = Assert.Throws<ProviderConfigurationException>(() => new ProviderRegistry().AddOpenAI().AddAzureOpenAI().AddOpenAICompatible().AddOllama().CreateClient(target, new ProviderContext(".", _ => null)));

        Assert.That(exception!.Message, Does.Contain(named));
    }

    [Test]
    public void OpenAI_refuses_top_k()
    {
        var target = Target(ProviderRecordVerifyTests.TargetFor(ProviderNames.OpenAI, server) + "top_k: 1\n");

        var exception = Assert.Throws<ProviderConfigurationException>(() => new ProviderRegistry().AddOpenAI().AddAzureOpenAI().AddOpenAICompatible().AddOllama().CreateClient(target, new ProviderContext(".", _ => "key")));

        Assert.That(exception!.Message, Does.Contain("top_k"));
    }

    [TestCase(null, null, "http://localhost:11434/")]
    [TestCase(null, "0.0.0.0:11434", "http://127.0.0.1:11434/")]
    [TestCase(null, "gpu-box", "http://gpu-box:11434/")]
    [TestCase("https://ollama.example.com", "ignored:1", "https://ollama.example.com/")]
    public void Ollama_host_comes_from_endpoint_then_OLLAMA_HOST_then_default(string? endpoint, string? variable, string expected) =>
        Assert.That(Ollama.OllamaHost.Resolve(endpoint, name => name == "OLLAMA_HOST" ? variable : null).ToString(), Is.EqualTo(expected));

    private static TargetDefinition Target(string targetLines)
    {
        using var workspace = new SuiteWorkspace(SuiteWorkspace.Suite(targetLines, "Hello?"));
        return workspace.LoadSuite().Target;
    }
}
