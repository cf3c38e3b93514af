using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>
/// Implemented by a provider that can also serve a suite's <c>embedding</c> model (OpenAI, Azure OpenAI, OpenAI-compatible
/// <c>/v1/embeddings</c>, Ollama <c>/api/embed</c>); registering it with <see cref="ProviderRegistry.Register(IChatClientProvider)"/> registers both.
/// </summary>
public interface IEmbeddingGeneratorProvider
{
    /// <summary>Creates an embedding generator for the target. Throws <see cref="ProviderConfigurationException"/> when the target cannot be served.</summary>
    IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(TargetDefinition target, ProviderContext context);
}
