using LlmGuard.Execution;
using LlmGuard.Security;
using LlmGuard.Text;

namespace LlmGuard.Providers.Ollama;

/// <summary>Where the Ollama server is: the target's endpoint, else <c>OLLAMA_HOST</c>, else http://localhost:11434.</summary>
internal static class OllamaHost
{
    public const string Variable = "OLLAMA_HOST";
    public const string Default = "http://localhost:11434";

    public static Uri Resolve(string? endpoint, Func<string, string?> getEnvironmentVariable)
    {
        var configured = endpoint ?? getEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = Default;
        }

        // OLLAMA_HOST is often written the way the server binds it: "0.0.0.0:11434", without a scheme.
        var source = endpoint is null ? Variable : "the target's endpoint";
        if (EndpointRules.Parse(configured, allowBareHost: true, out var problem) is not { } uri)
        {
            throw new ProviderConfigurationException($"The Ollama host '{OutsideText.Escape(configured)}' (from {source}) is refused: {problem}.");
        }

        if (EndpointRules.CredentialProblem(uri) is { } credential)
        {
            throw new ProviderConfigurationException($"The Ollama host (from {source}) is refused: {OutsideText.Escape(credential)}; keys come from the environment ('api_key_env').");
        }

        configured = uri.OriginalString;

        var builder = new UriBuilder(uri);
        if (builder.Host == "0.0.0.0")
        {
            builder.Host = "127.0.0.1";
        }

        // As Ollama itself reads OLLAMA_HOST: plain http without a port means Ollama's port, https keeps 443.
        if (uri.Scheme == "http" && !HasExplicitPort(configured))
        {
            builder.Port = 11434;
        }

        builder.Path = builder.Path.TrimEnd('/') + "/";
        return builder.Uri;
    }

    private static bool HasExplicitPort(string address)
    {
        var authority = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        return authority.LastIndexOf(':') > authority.LastIndexOf(']');
    }
}
