using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace LlmGuard.Text;

/// <summary>Compiled regular expressions shared across runs, keyed by pattern and options, all with a match timeout.</summary>
internal static class RegexCache
{
    /// <summary>How long one match or replacement may run before it is abandoned.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<(string Pattern, RegexOptions Options), Regex> Cache = new();

    /// <summary>The cached regex for a pattern; throws <see cref="ArgumentException"/> when the pattern is invalid.</summary>
    public static Regex Get(string pattern, RegexOptions options = RegexOptions.None) =>
        Cache.GetOrAdd((pattern, options), static key => new Regex(key.Pattern, key.Options | RegexOptions.CultureInvariant, MatchTimeout));

    /// <summary>How <see cref="MatchTimeout"/> is written in messages.</summary>
    public static string DescribeTimeout() => $"{MatchTimeout.TotalSeconds:0.###} s";
}
