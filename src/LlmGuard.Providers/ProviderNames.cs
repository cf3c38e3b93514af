namespace LlmGuard.Providers;

/// <summary>The names suites use in <c>target.provider</c> for the built-in providers.</summary>
public static class ProviderNames
{
    /// <summary>The OpenAI API (Chat Completions).</summary>
    public const string OpenAI = "openai";

    /// <summary>Any server speaking the OpenAI Chat Completions protocol (vLLM, llama.cpp server, LM Studio), at <c>target.endpoint</c>.</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>Azure OpenAI through its v1 endpoint (<c>{endpoint}/openai/v1/</c>), addressing a deployment.</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>An Ollama server (native API).</summary>
    public const string Ollama = "ollama";
}
