using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Local;

namespace LlmGuard.Cli;

/// <summary>The providers the <c>llmguard</c> command knows.</summary>
internal static class BuiltInProviders
{
    public static ProviderRegistry CreateRegistry() => new ProviderRegistry()
        .Register(new ScriptedProvider())
        .Register(new LocalProvider());
}
