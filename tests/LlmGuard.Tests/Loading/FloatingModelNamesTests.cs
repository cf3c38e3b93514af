using LlmGuard.Loading;


namespace LlmGuard.Tests.Loading;

public sealed class FloatingModelNamesTests
{
    [TestCase("openai", "gpt-4o-2024-08-06")]
    [TestCase("openai", "gpt-4-0613")]
    [TestCase("openai", "gpt-3.5-turbo-0125")]
    [TestCase("openai", "ft:gpt-4o-mini-2024-07-18:acme::abc123")]
    [TestCase("ollama", "llama3:8b")]
    [TestCase("ollama", "llama3.1:8b-instruct-q4_K_M")]
    [TestCase("ollama", "registry.example.com:5000/team/model:v2")]
    [TestCase("azure-openai", "gpt-4o")]
    [TestCase("openai-compatible", "Qwen/Qwen2.5-7B-Instruct")]
    [TestCase("scripted", "anything")]
    public void Pinned_or_not_applicable(string provider, string model) =>
        Assert.That(FloatingModelNames.Reason(provider, model), Is.Null);

    [TestCase("openai", "gpt-4o", "alias")]
    [TestCase("openai", "gpt-4o-mini", "alias")]
    [TestCase("openai", "o3", "alias")]
    [TestCase("openai", "chatgpt-4o-latest", "alias")]
    [TestCase("ollama", "llama3", "has no tag")]
    [TestCase("ollama", "llama3:latest", "tag 'latest'")]
    [TestCase("ollama", "library/llama3:latest", "tag 'latest'")]
    public void A_floating_model_name_is_reported_with_the_reason_and_the_name(string provider, string model, string reason) =>
        Assert.That(FloatingModelNames.Reason(provider, model), Does.Contain(reason).And.Contain(model));
}
