using LlmGuard.Suites;

namespace LlmGuard.Equivalence;

/// <summary>
/// Lexical similarity of two texts over lower-cased word tokens (runs of letters and digits): ROUGE-L's F-measure
/// (Lin, 2004; β = 1) from the longest common subsequence, and SQuAD-style token F1 over the shared multiset.
/// </summary>
internal static class LexicalSimilarity
{
    /// <summary>The most tokens of each text taken into account (the LCS costs their product).</summary>
    public const int MaxTokens = 4000;

    /// <summary>The score from 0 (nothing shared) to 1 (the same tokens in the same order for ROUGE-L; the same multiset for token F1).</summary>
    public static double Score(string baseline, string candidate, LexicalMetric metric)
    {
        var reference = Tokens(baseline);
        var hypothesis = Tokens(candidate);
        if (reference.Count == 0 || hypothesis.Count == 0)
        {
            return reference.Count == hypothesis.Count ? 1 : 0;
        }

        var common = metric == LexicalMetric.RougeL ? LongestCommonSubsequence(reference, hypothesis) : SharedTokens(reference, hypothesis);
        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / hypothesis.Count;
        var recall = (double)common / reference.Count;
        return 2 * precision * recall / (precision + recall);
    }

    /// <summary>The lower-cased word tokens of a text, at most <see cref="MaxTokens"/>.</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var index = 0; index <= text.Length && tokens.Count < MaxTokens; index++)
        {
            var isWord = index < text.Length && char.IsLetterOrDigit(text[index]);
            if (isWord && start < 0)
            {
                start = index;
            }
            else if (!isWord && start >= 0)
            {
                tokens.Add(text[start..index].ToLowerInvariant());
                start = -1;
            }
        }

        return tokens;
    }

    private static int LongestCommonSubsequence(List<string> first, List<string> second)
    {
        var previous = new int[second.Count + 1];
        var current = new int[second.Count + 1];
        foreach (var token in first)
        {
            for (var column = 1; column <= second.Count; column++)
            {
                current[column] = string.Equals(token, second[column - 1], StringComparison.Ordinal)
                    ? previous[column - 1] + 1
                    : Math.Max(previous[column], current[column - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[second.Count];
    }

    private static int SharedTokens(List<string> first, List<string> second)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in first)
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        var shared = 0;
        foreach (var token in second)
        {
            if (counts.TryGetValue(token, out var left) && left > 0)
            {
                counts[token] = left - 1;
                shared++;
            }
        }

        return shared;
    }
}
