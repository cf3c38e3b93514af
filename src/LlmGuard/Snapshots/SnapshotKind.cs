namespace LlmGuard.Snapshots;

/// <summary>The two kinds of snapshot file.</summary>
internal enum SnapshotKind
{
    /// <summary>The accepted output, committed: <c>&lt;case&gt;.verified.txt</c>.</summary>
    Verified,

    /// <summary>The output of the last run where it differed or was new, git-ignored: <c>&lt;case&gt;.received.txt</c>.</summary>
    Received,
}
