namespace LlmGuard.Results;

/// <summary>
/// What identifies the model that answered: the id the server resolved the requested name to, a content
/// digest of the weights where the provider reports one, the backend fingerprint, and stable details.
/// Only stable fields belong here: everything in it is written into snapshot headers.
/// </summary>
public sealed record ModelIdentity
{
    /// <summary>The model id the provider reports having used (e.g. <c>gpt-4o-2024-08-06</c>).</summary>
    public string? ResolvedModelId { get; init; }

    /// <summary>A digest of the model weights (Ollama's digest, or <c>sha256:…</c> of a local GGUF file).</summary>
    public string? Digest { get; init; }

    /// <summary>A backend configuration fingerprint (OpenAI's <c>system_fingerprint</c>). Varies between calls; reported, not gated.</summary>
    public string? SystemFingerprint { get; init; }

    /// <summary>Stable descriptive details (architecture, parameter count, quantization, family), sorted by key when written.</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>An identity that carries nothing.</summary>
    public static ModelIdentity Unknown { get; } = new();
}
