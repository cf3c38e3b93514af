using System.Globalization;

namespace LlmGuard.Planning;

/// <summary>Parses <c>--shard i/n</c>.</summary>
internal static class RunShards
{
    /// <summary>The most parts a run may be split into.</summary>
    public const int MaxCount = 1000;

    /// <summary>Parses <c>i/n</c> with 1 ≤ i ≤ n ≤ <see cref="MaxCount"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, out RunShard? shard, out string? error)
    {
        shard = null;
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"--shard '{text}' is not i/n: write e.g. 2/3 for the second of three parts.";
            return false;
        }

        if (count < 1 || count > MaxCount || index < 1 || index > count)
        {
            error = $"--shard '{text}': the part must be between 1 and the number of parts, which must be between 1 and {MaxCount}.";
            return false;
        }

        shard = new RunShard(index, count);
        error = null;
        return true;
    }
}
