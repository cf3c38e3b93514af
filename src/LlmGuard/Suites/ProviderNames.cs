namespace LlmGuard.Suites;

/// <summary>
/// The names suites use in <c>target.provider</c> for the providers that ship with LlmGuard, each registered by its own
/// <c>Add…</c> method on <c>ProviderRegistry</c> (e.g. <c>AddOpenAI</c>, <c>AddLocal</c>).
/// </summary>
public static class ProviderNames
{
    /// <summary>The OpenAI API (Chat Completions); package LlmGuard.Providers, <c>AddOpenAI</c>.</summary>
    public const string OpenAI = "openai";

    /// <summary>
    /// Any server speaking the OpenAI Chat Completions protocol (vLLM, llama.cpp server, LM Studio), at <c>target.endpoint</c>;
    /// package LlmGuard.Providers, <c>AddOpenAICompatible</c>.
    /// </summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>Azure OpenAI through its v1 endpoint (<c>{endpoint}/openai/v1/</c>), addressing a deployment; package LlmGuard.Providers, <c>AddAzureOpenAI</c>.</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>An Ollama server (native API); package LlmGuard.Providers, <c>AddOllama</c>.</summary>
    public const string Ollama = "ollama";

    /// <summary>The built-in GGUF runtime, in-process; package LlmGuard.Local, <c>AddLocal</c>.</summary>
    public const string Local = "local";

    /// <summary>Answers read from a JSON file, for tests and offline demos; the engine itself, <c>AddScripted</c>.</summary>
    public const string Scripted = "scripted";

    /// <summary>Every built-in name.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenAI, OpenAICompatible, AzureOpenAI, Ollama, Local, Scripted];
}
