using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Suites;

namespace LlmGuard;

/// <summary>Registers the <c>scripted</c> provider.</summary>
public static class ScriptedProviderRegistryExtensions
{
    /// <summary>
    /// Registers <see cref="ProviderNames.Scripted"/>: answers read from the JSON file named by the target's
    /// <c>options.responses</c>, so suites run offline and reproducibly (tests, demos).
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddScripted(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new ScriptedProvider());
    }
}
