namespace LlmGuard.Planning;

/// <summary>What a run does with the model and the snapshots.</summary>
public enum RunMode
{
    /// <summary>Call the model and compare with the verified snapshots; write received files on a difference.</summary>
    Verify,

    /// <summary>Call the model and write the verified snapshots (refused on CI).</summary>
    Update,

    /// <summary>Call no model: use the verified output recorded for the same request fingerprint.</summary>
    Replay,
}
