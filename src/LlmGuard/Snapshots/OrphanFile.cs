namespace LlmGuard.Snapshots;

/// <summary>A snapshot file that belongs to no case, and why.</summary>
/// <param name="Path">The full path.</param>
/// <param name="Reason">Why it is orphaned.</param>
internal sealed record OrphanFile(string Path, OrphanReason Reason);
