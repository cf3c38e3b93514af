using LlmGuard.Results;

namespace LlmGuard.Snapshots;

/// <summary>The content of one snapshot file: stable metadata and the model output verbatim (LF line endings).</summary>
internal sealed record SnapshotDocument
{
    /// <summary>The suite id.</summary>
    public required string Suite { get; init; }

    /// <summary>The case id.</summary>
    public required string Case { get; init; }

    /// <summary>The provider name.</summary>
    public string? Provider { get; init; }

    /// <summary>The requested model name.</summary>
    public string? Model { get; init; }

    /// <summary>The identity of the model that produced the output.</summary>
    public ModelIdentity Identity { get; init; } = ModelIdentity.Unknown;

    /// <summary>The effective parameters as compact JSON with sorted keys.</summary>
    public string? Parameters { get; init; }

    /// <summary>The request fingerprint the output was recorded for; null for a hand-written file without header.</summary>
    public string? RequestFingerprint { get; init; }

    /// <summary>The model output.</summary>
    public required string Output { get; init; }
}
