using LlmGuard.Execution;
using LlmGuard.Providers;
using LlmGuard.Providers.OpenAI;
using LlmGuard.Suites;

namespace LlmGuard;

/// <summary>Registers the providers that speak the OpenAI Chat Completions protocol.</summary>
public static class OpenAIProviderRegistryExtensions
{
    /// <summary>Registers <see cref="ProviderNames.OpenAI"/>: the OpenAI API, key from <c>OPENAI_API_KEY</c> or the target's <c>api_key_env</c>.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="resilience">Retry settings; <see cref="ResilienceOptions.Default"/> when null.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddOpenAI(this ProviderRegistry registry, ResilienceOptions? resilience = null) =>
        Add(registry, OpenAIFlavor.OpenAI, resilience);

    /// <summary>Registers <see cref="ProviderNames.AzureOpenAI"/>: an Azure OpenAI deployment, key from <c>AZURE_OPENAI_API_KEY</c> or the target's <c>api_key_env</c>.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="resilience">Retry settings; <see cref="ResilienceOptions.Default"/> when null.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddAzureOpenAI(this ProviderRegistry registry, ResilienceOptions? resilience = null) =>
        Add(registry, OpenAIFlavor.Azure, resilience);

    /// <summary>Registers <see cref="ProviderNames.OpenAICompatible"/>: any OpenAI-compatible server at the target's <c>endpoint</c> (vLLM, llama.cpp, LM Studio, Ollama's <c>/v1</c>).</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="resilience">Retry settings; <see cref="ResilienceOptions.Default"/> when null.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddOpenAICompatible(this ProviderRegistry registry, ResilienceOptions? resilience = null) =>
        Add(registry, OpenAIFlavor.Compatible, resilience);

    private static ProviderRegistry Add(ProviderRegistry registry, OpenAIFlavor flavor, ResilienceOptions? resilience)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new OpenAIProvider(flavor, resilience ?? ResilienceOptions.Default));
    }
}
