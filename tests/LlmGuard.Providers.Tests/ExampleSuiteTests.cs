using LlmGuard.Execution;
using LlmGuard.Loading;

namespace LlmGuard.Providers.Tests;

public sealed class ExampleSuiteTests
{
    [Test]
    public void Example_provider_suites_load_without_errors_and_their_targets_configure()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "..", "..", "suites", "examples");
        var registry = new ProviderRegistry().AddOpenAI().AddAzureOpenAI().AddOpenAICompatible().AddOllama();
        var set = new SuiteLoader(registry.Names).LoadFiles(
            new[] { "openai", "azure-openai", "ollama", "openai-compatible", "tools", "structured-output", "budgets", "likelihood" }.Select(name => Path.Combine(folder, name + ".yaml")));

        Assert.That(set.Diagnostics, Is.Empty, string.Join("\n", set.Diagnostics));
        Assert.That(set.Suites, Has.Count.EqualTo(8));
        foreach (var suite in set.Suites)
        {
            using var client = registry.CreateClient(suite.Target, new ProviderContext(folder, _ => "placeholder-key"));
            Assert.That(client, Is.Not.Null);
        }
    }
}
