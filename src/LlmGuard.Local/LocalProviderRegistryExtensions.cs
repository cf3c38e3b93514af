using LlmGuard.Execution;
using LlmGuard.Local;
using LlmGuard.Suites;

namespace LlmGuard;

/// <summary>Registers the <c>local</c> provider: the built-in GGUF runtime.</summary>
public static class LocalProviderRegistryExtensions
{
    /// <summary>
    /// Registers <see cref="ProviderNames.Local"/>: a GGUF file run in-process, or the generated <c>demo</c> /
    /// <c>demo-finetuned</c> models.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <returns>The registry.</returns>
    public static ProviderRegistry AddLocal(this ProviderRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new LocalProvider());
    }
}
