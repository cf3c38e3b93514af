namespace LlmGuard.Planning;

/// <summary>
/// One of <paramref name="Count"/> parts of a run's selected cases (<c>--shard 2/3</c>): case number <c>k</c> in plan
/// order (suites by id, cases in file order) belongs to part <c>k mod Count + 1</c>. The split depends only on the
/// suites and the selection, so every machine computes the same parts, and their sizes differ by at most one case.
/// </summary>
/// <param name="Index">The part, from 1 to <paramref name="Count"/>.</param>
/// <param name="Count">How many parts.</param>
public sealed record RunShard(int Index, int Count)
{
    /// <summary>Whether the case at <paramref name="position"/> (0-based, in plan order) belongs to this part.</summary>
    public bool Contains(int position) => position % Count == Index - 1;

    /// <summary>The spelling <c>2/3</c>.</summary>
    public override string ToString() => $"{Index}/{Count}";
}
