using LlmGuard.Results;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>
/// The convention by which provider adapters hand the engine the identity of the model that answered one
/// call: a <see cref="ModelIdentity"/> in <see cref="ChatResponse.AdditionalProperties"/> under <see cref="PropertyKey"/>.
/// Without it, <see cref="ChatResponse.ModelId"/> is taken as the resolved model id.
/// </summary>
internal static class ResponseIdentity
{
    /// <summary>The key of the identity in a response's additional properties.</summary>
    public const string PropertyKey = "llmguard.identity";

    /// <summary>Attaches an identity to a response.</summary>
    public static void Attach(ChatResponse response, ModelIdentity identity)
    {
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[PropertyKey] = identity;
    }

    /// <summary>The identity of a response, combined with what is known of the target before the call.</summary>
    public static ModelIdentity Of(ChatResponse response, ModelIdentity targetIdentity)
    {
        var reported = response.AdditionalProperties?.TryGetValue(PropertyKey, out var value) == true ? value as ModelIdentity : null;
        var details = new SortedDictionary<string, string>(targetIdentity.Details.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, detail) in reported?.Details ?? new Dictionary<string, string>())
        {
            details[key] = detail;
        }

        return new ModelIdentity
        {
            ResolvedModelId = reported?.ResolvedModelId ?? response.ModelId ?? targetIdentity.ResolvedModelId,
            Digest = reported?.Digest ?? targetIdentity.Digest,
            SystemFingerprint = reported?.SystemFingerprint ?? targetIdentity.SystemFingerprint,
            Details = details,
        };
    }
}
