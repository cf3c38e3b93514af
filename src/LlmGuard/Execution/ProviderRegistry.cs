using LlmGuard.Security;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using LlmGuard.Text;

namespace LlmGuard.Execution;

/// <summary>The providers a run can use, by name. Any <see cref="IChatClient"/> can be registered from code.</summary>
public sealed class ProviderRegistry
{
    private readonly Dictionary<string, IChatClientProvider> providers = new(StringComparer.Ordinal);

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => providers.Keys;

    /// <summary>Registers (or replaces) a provider.</summary>
    public ProviderRegistry Register(IChatClientProvider provider)
    {
        providers[provider.Name] = provider;
        return this;
    }

    /// <summary>Registers a provider from a factory function.</summary>
    public ProviderRegistry Register(string name, Func<TargetDefinition, ProviderContext, IChatClient> factory) =>
        Register(new DelegateChatClientProvider(name, factory));

    /// <summary>Creates the client for a target.</summary>
    /// <exception cref="ProviderConfigurationException">The provider is not registered or refuses the target.</exception>
    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
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

    private sealed class DelegateChatClientProvider(string name, Func<TargetDefinition, ProviderContext, IChatClient> factory) : IChatClientProvider
    {
        public string Name => name;

        public IChatClient CreateClient(TargetDefinition target, ProviderContext context) => factory(target, context);
    }
}
