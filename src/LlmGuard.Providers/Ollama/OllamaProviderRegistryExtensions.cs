using LlmGuard.Execution;
using LlmGuard.Providers;
using LlmGuard.Providers.Ollama;
using LlmGuard.Suites;

namespace LlmGuard;

/// <summary>Registers the <c>ollama</c> provider.</summary>
public static class OllamaProviderRegistryExtensions
{
    /// <summary>Registers <see cref="ProviderNames.Ollama"/>: an Ollama server's native API at the target's <c>endpoint</c>, <c>OLLAMA_HOST</c> or <c>http://localhost:11434</c>.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="resilience">Retry settings; <see cref="ResilienceOptions.Default"/> when null.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddOllama(this ProviderRegistry registry, ResilienceOptions? resilience = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new OllamaProvider(resilience ?? ResilienceOptions.Default));
    }
}
