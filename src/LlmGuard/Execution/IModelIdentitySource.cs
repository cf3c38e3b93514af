using LlmGuard.Results;

namespace LlmGuard.Execution;

/// <summary>
/// Resolves the identity of the model behind a chat client before any case runs, so a pinned digest or
/// resolved id can be checked up front. Chat clients expose it through
/// <see cref="Microsoft.Extensions.AI.IChatClient.GetService(System.Type, object?)"/>.
/// </summary>
public interface IModelIdentitySource
{
    /// <summary>Resolves the identity of the model the client is configured for.</summary>
    ValueTask<ModelIdentity> ResolveIdentityAsync(CancellationToken cancellationToken);
}
