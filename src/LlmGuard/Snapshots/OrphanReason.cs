namespace LlmGuard.Snapshots;

/// <summary>Why a snapshot file belongs to no case.</summary>
internal enum OrphanReason
{
    /// <summary>Its suite exists, but no longer has the case (deleted or renamed).</summary>
    CaseGone,

    /// <summary>No suite of the set has its folder's id (the suite was deleted or renamed, or the suite set is not the whole one).</summary>
    SuiteGone,

    /// <summary>A temporary file left by a writer that was killed.</summary>
    Temporary,
}
