using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>Creates the chat client for a suite's target. Registered by name in a <see cref="ProviderRegistry"/>.</summary>
public interface IChatClientProvider
{
    /// <summary>The name suites use in <c>target.provider</c>.</summary>
    string Name { get; }

    /// <summary>Creates a client for the target. Throws <see cref="ProviderConfigurationException"/> when the target cannot be served.</summary>
    IChatClient CreateClient(TargetDefinition target, ProviderContext context);
}
