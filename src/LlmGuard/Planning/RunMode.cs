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

    /// <summary>
    /// Call the suite's own model k times per case (<see cref="RunOptions.Repeat"/>) and store the distinct outputs as the case's
    /// accepted variants, with the measured agreement with the verified snapshot (refused on CI; never changes a verified file).
    /// </summary>
    Calibrate,

    /// <summary>
    /// Compare two sides without snapshots: a baseline (<see cref="RunOptions.Baseline"/>) and a candidate, each a live model or
    /// the outputs in an earlier results file. Writes no snapshot.
    /// </summary>
    Compare,
}
