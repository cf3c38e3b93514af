namespace LlmGuard.Providers.OpenAI;

/// <summary>Which service an OpenAI-protocol target talks to; decides the endpoint, the key and the extra fields sent.</summary>
internal enum OpenAIFlavor
{
    OpenAI,
    Compatible,
    Azure,
}
