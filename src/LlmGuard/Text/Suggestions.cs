namespace LlmGuard.Text;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>The shortest input taken as an abbreviation of a longer candidate (<c>replace</c> for <c>replacement</c>).</summary>
    public const int MinPrefixLength = 4;

    /// <summary>
    /// The candidate closest to <paramref name="input"/>, if it is close enough to be a likely typo; else the shortest
    /// candidate that starts with the input (of at least <see cref="MinPrefixLength"/> characters), as an abbreviation.
    /// </summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var lowerInput = input.ToLowerInvariant();
        string? best = null;
        string? shortestExtension = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var lowerCandidate = candidate.ToLowerInvariant();
            var distance = Distance(lowerInput, lowerCandidate);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }

            if (lowerInput.Length >= MinPrefixLength && lowerCandidate.StartsWith(lowerInput, StringComparison.Ordinal)
                && (shortestExtension is null || candidate.Length < shortestExtension.Length))
            {
                shortestExtension = candidate;
            }
        }

        var allowed = Math.Max(2, input.Length / 3);
        return bestDistance <= allowed ? best : shortestExtension;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
