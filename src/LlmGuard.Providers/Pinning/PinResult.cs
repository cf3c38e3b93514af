using LlmGuard.Results;

namespace LlmGuard.Providers.Pinning;

/// <summary>What pinning one suite did.</summary>
/// <param name="Suite">The suite id.</param>
/// <param name="FilePath">The suite file.</param>
/// <param name="Identity">The model's current identity, as resolved.</param>
/// <param name="PreviousDigest">The digest pinned before, if any.</param>
/// <param name="PreviousResolvedModel">The resolved model id pinned before, if any.</param>
/// <param name="FileChanged">True when the suite file was rewritten (false when the pin was already current or nothing could be pinned).</param>
internal sealed record PinResult(string Suite, string FilePath, ModelIdentity Identity, string? PreviousDigest, string? PreviousResolvedModel, bool FileChanged)
{
    /// <summary>True when the provider reported something to pin (a digest or a resolved model id).</summary>
    public bool HasIdentity => Identity.Digest is not null || Identity.ResolvedModelId is not null;
}
