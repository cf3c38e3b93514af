using LlmGuard.Results;
using LlmGuard.Suites;

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

    /// <summary>The model output (its text; empty when the answer only calls tools).</summary>
    public required string Output { get; init; }

    /// <summary>The tools the answer called, in order (canonical arguments, no call ids).</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>The recorded answer: text and tool calls.</summary>
    public ModelAnswer Answer => new(Output, ToolCalls);
}
