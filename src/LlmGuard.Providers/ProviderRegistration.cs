using LlmGuard.Execution;
using LlmGuard.Providers.Ollama;
using LlmGuard.Providers.OpenAI;

namespace LlmGuard.Providers;

/// <summary>Registers the built-in providers: <c>openai</c>, <c>openai-compatible</c>, <c>azure-openai</c> and <c>ollama</c>.</summary>
public static class ProviderRegistration
{
    /// <summary>Registers the built-in providers in a registry (replacing any of the same names).</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="resilience">Retry settings; <see cref="ResilienceOptions.Default"/> when null.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddBuiltInProviders(this ProviderRegistry registry, ResilienceOptions? resilience = null)
    {
        resilience ??= ResilienceOptions.Default;
        return registry
            .Register(new OpenAIProvider(OpenAIFlavor.OpenAI, resilience))
            .Register(new OpenAIProvider(OpenAIFlavor.Compatible, resilience))
            .Register(new OpenAIProvider(OpenAIFlavor.Azure, resilience))
            .Register(new OllamaProvider(resilience));
    }
}
