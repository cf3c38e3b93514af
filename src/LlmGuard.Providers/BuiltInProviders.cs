using LlmGuard.Execution;
using LlmGuard.Execution.Scripted;
using LlmGuard.Local;

namespace LlmGuard.Providers;

/// <summary>
/// The providers the <c>llmguard</c> command and the NUnit adapter know without any code from the user. This is the
/// single registration point for built-in providers: register a new one here and both front ends can use it.
/// It lives outside the engine so provider SDKs (OpenAI, Ollama, the local runtime) can be referenced from this
/// project while the engine stays free of them.
/// </summary>
public static class BuiltInProviders
{
    /// <summary>A new registry holding every built-in provider; callers may register more (or replace one) on it.</summary>
    public static ProviderRegistry CreateRegistry() => new ProviderRegistry()
        .Register(new ScriptedProvider())
        .Register(new LocalProvider())
        .AddBuiltInProviders();
}
