using LlmGuard.Security;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>
/// The providers a run can use, by name: chat clients for targets and judges, and embedding generators for a suite's
/// <c>embedding</c> model. Any <see cref="IChatClient"/> or <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> can be registered from code.
/// </summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, IChatClientProvider> providers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<TargetDefinition, ProviderContext, IEmbeddingGenerator<string, Embedding<float>>>> embeddingProviders = new(StringComparer.Ordinal);

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => providers.Keys;

    /// <summary>Registers (or replaces) a provider; one that implements <see cref="IEmbeddingGeneratorProvider"/> also serves embeddings.</summary>
    public ProviderRegistry Register(IChatClientProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        providers[provider.Name] = provider;
        if (provider is IEmbeddingGeneratorProvider embeddings)
        {
            embeddingProviders[provider.Name] = embeddings.CreateEmbeddingGenerator;
        }
        else
        {
            embeddingProviders.Remove(provider.Name);
        }

        return this;
    }

    /// <summary>Registers a provider from a factory function.</summary>
    public ProviderRegistry Register(string name, Func<TargetDefinition, ProviderContext, IChatClient> factory) =>
        Register(new DelegateChatClientProvider(name, factory));

    /// <summary>Registers (or replaces) the embedding generator of a registered provider name, from a factory function.</summary>
    /// <exception cref="ArgumentException">No chat provider of that name is registered.</exception>
    public ProviderRegistry RegisterEmbeddings(string name, Func<TargetDefinition, ProviderContext, IEmbeddingGenerator<string, Embedding<float>>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!providers.ContainsKey(name))
        {
            throw new ArgumentException($"Register the provider '{name}' before its embeddings.", nameof(name));
        }

        embeddingProviders[name] = factory;
        return this;
    }

    /// <summary>Whether the named provider can serve embeddings.</summary>
    public bool ServesEmbeddings(string name) => embeddingProviders.ContainsKey(name);

    /// <summary>Creates the client for a target.</summary>
    /// <exception cref="ProviderConfigurationException">The provider is not registered or refuses the target.</exception>
    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!providers.TryGetValue(target.Provider, out var provider))
        {
            throw new ProviderConfigurationException(
                $"Provider '{OutsideText.Escape(target.Provider)}' is not registered. Registered providers: {string.Join(", ", providers.Keys.Order(StringComparer.Ordinal))}.");
        }

        if (target.ApiKeyVariable is { } keyVariable)
        {
            // The key may come back in an answer or a server's error: masked wherever this process prints or stores text.
            SecretRedactor.AddKnownValue(context.GetEnvironmentVariable(keyVariable));
        }

        return provider.CreateClient(target, context);
    }

    /// <summary>Creates the embedding generator for a suite's <c>embedding</c> model.</summary>
    /// <exception cref="ProviderConfigurationException">The provider is not registered, serves no embeddings, or refuses the target.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(TargetDefinition target, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!embeddingProviders.TryGetValue(target.Provider, out var factory))
        {
            var serving = embeddingProviders.Keys.Order(StringComparer.Ordinal).ToList();
            throw new ProviderConfigurationException(
                $"Provider '{target.Provider}' cannot make embeddings." + (serving.Count == 0 ? "" : $" Providers that can: {string.Join(", ", serving)}."));
        }

        return factory(target, context);
    }

    private sealed class DelegateChatClientProvider(string name, Func<TargetDefinition, ProviderContext, IChatClient> factory) : IChatClientProvider
    {
        public string Name => name;

        public IChatClient CreateClient(TargetDefinition target, ProviderContext context) => factory(target, context);
    }
}
