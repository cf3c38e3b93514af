using System.Text.Json;
using LlmGuard.Suites;

namespace LlmGuard.Comparison;

/// <summary>
/// Compares an answer's tool calls with the recorded ones, structurally: by name and by argument values (member order
/// never matters, numbers compare by value), with ignored arguments and numeric tolerances, in one of four match modes.
/// Differences name the call and the argument that moved: <c>tool call 1 get_weather: $.city: "Paris" → "Lyon"</c>.
/// </summary>
internal static class ToolCallComparer
{
    /// <summary>The reason given when the same calls come in another order.</summary>
    public const string OrderReason = "tool call order";

    /// <summary>The reason given when calls differ only in ignored arguments.</summary>
    public const string IgnoredReason = "ignored tool call arguments";

    /// <summary>The reason given when calls differ only by numbers within their tolerance.</summary>
    public const string ToleranceReason = "tool call arguments within tolerance";

    /// <summary>The reason given when the answer makes fewer calls than recorded (subset matching).</summary>
    public const string FewerCallsReason = "fewer tool calls (subset)";

    /// <summary>The reason given when the answer makes more calls than recorded (superset matching).</summary>
    public const string MoreCallsReason = "more tool calls (superset)";

    /// <summary>Compares the recorded calls with the new ones.</summary>
    public static ToolCallDifference Compare(IReadOnlyList<ToolCall> verified, IReadOnlyList<ToolCall> received, ToolCallComparison options)
    {
        if (verified.Count == received.Count && verified.Zip(received).All(pair => Same(pair.First, pair.Second)))
        {
            return ToolCallDifference.Identical;
        }

        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        var pairs = new Dictionary<(int, int), PairComparison>();
        PairComparison Pair(int v, int r)
        {
            if (!pairs.TryGetValue((v, r), out var comparison))
            {
                pairs[(v, r)] = comparison = ComparePair(verified[v], received[r], options);
            }

            return comparison;
        }

        int[] matchOfVerified;
        if (options.Match == ToolCallMatch.Strict)
        {
            matchOfVerified = [.. Enumerable.Range(0, verified.Count).Select(v => v < received.Count && Pair(v, v).Equal ? v : -1)];
        }
        else
        {
            matchOfVerified = MaximumMatching(verified.Count, received.Count, (v, r) => Pair(v, r).Equal);
        }

        var matchedReceived = new HashSet<int>(matchOfVerified.Where(r => r >= 0));
        var unmatchedVerified = Enumerable.Range(0, verified.Count).Where(v => matchOfVerified[v] < 0).ToList();
        var unmatchedReceived = Enumerable.Range(0, received.Count).Where(r => !matchedReceived.Contains(r)).ToList();
        var holds = options.Match switch
        {
            ToolCallMatch.Subset => unmatchedReceived.Count == 0,
            ToolCallMatch.Superset => unmatchedVerified.Count == 0,
            _ => unmatchedVerified.Count == 0 && unmatchedReceived.Count == 0,
        };

        if (holds)
        {
            for (var v = 0; v < verified.Count; v++)
            {
                if (matchOfVerified[v] is var r and >= 0)
                {
                    var pair = Pair(v, r);
                    if (pair.UsedIgnore)
                    {
                        reasons.Add(IgnoredReason);
                    }

                    if (pair.UsedTolerance)
                    {
                        reasons.Add(ToleranceReason);
                    }

                    if (r != v)
                    {
                        reasons.Add(OrderReason);
                    }
                }
            }

            if (unmatchedVerified.Count > 0)
            {
                reasons.Add(FewerCallsReason);
            }

            if (unmatchedReceived.Count > 0)
            {
                reasons.Add(MoreCallsReason);
            }

            return new ToolCallDifference(ToolCallComparisonKind.Equivalent, string.Join(", ", reasons), []);
        }

        return new ToolCallDifference(ToolCallComparisonKind.Different, Summary(options.Match, unmatchedVerified.Count, unmatchedReceived.Count),
            Describe(verified, received, options, unmatchedVerified, unmatchedReceived, Pair));
    }

    private static List<string> Describe(IReadOnlyList<ToolCall> verified, IReadOnlyList<ToolCall> received, ToolCallComparison options,
        List<int> unmatchedVerified, List<int> unmatchedReceived, Func<int, int, PairComparison> pair)
    {
        var lines = new List<string>();
        var leftReceived = new List<int>(unmatchedReceived);
        foreach (var v in unmatchedVerified)
        {
            // Show argument differences against the closest unmatched call: the same position first, else the same name.
            var partner = leftReceived.Contains(v) && received[v].Name == verified[v].Name ? v
                : leftReceived.FirstOrDefault(r => received[r].Name == verified[v].Name, -1);
            if (partner >= 0)
            {
                leftReceived.Remove(partner);
                var label = partner == v ? $"tool call {v + 1} {verified[v].Name}" : $"tool call {v + 1} {verified[v].Name} (received as call {partner + 1})";
                var differences = pair(v, partner).Differences;
                lines.AddRange(differences.Count == 0 ? [$"{label}: the same call, in another position"] : differences.Select(difference => $"{label}: {difference}"));
                continue;
            }

            if (options.Match != ToolCallMatch.Subset)
            {
                lines.Add($"tool call {v + 1} {verified[v].Name}: missing in received {Show(verified[v])}");
            }
        }

        if (options.Match != ToolCallMatch.Superset)
        {
            lines.AddRange(leftReceived.Select(r => $"tool call {r + 1} {received[r].Name}: only in received {Show(received[r])}"));
        }

        return lines;
    }

    private static string Summary(ToolCallMatch match, int missing, int extra) => match switch
    {
        ToolCallMatch.Subset => $"the answer makes {extra} tool call(s) that were not recorded",
        ToolCallMatch.Superset => $"{missing} recorded tool call(s) are not made",
        ToolCallMatch.Unordered => "the tool calls differ (in any order)",
        _ => "the tool calls differ",
    };

    private static string Show(ToolCall call) => Text.Excerpt.Of(call.Arguments);

    private static bool Same(ToolCall left, ToolCall right) =>
        left.Name == right.Name && left.ArgumentsValid == right.ArgumentsValid && left.Arguments == right.Arguments;

    private static PairComparison ComparePair(ToolCall verified, ToolCall received, ToolCallComparison options)
    {
        if (verified.Name != received.Name)
        {
            return new PairComparison(false, [$"{verified.Name} → {received.Name} {Show(received)}"], false, false);
        }

        if (!verified.ArgumentsValid || !received.ArgumentsValid)
        {
            var equal = verified.ArgumentsValid == received.ArgumentsValid && verified.Arguments == received.Arguments;
            return new PairComparison(equal, equal ? [] : [$"arguments {Describe(verified)} → {Describe(received)}"], false, false);
        }

        using var verifiedArguments = JsonDocument.Parse(verified.Arguments);
        using var receivedArguments = JsonDocument.Parse(received.Arguments);
        var diff = new JsonDiff(
            ignores: path => options.Ignores(verified.Name, path),
            tolerance: path => options.ToleranceFor(verified.Name, path),
            maxDifferences: 20);
        diff.Compare(verifiedArguments.RootElement, receivedArguments.RootElement);
        var lines = diff.Differences.ToList();
        if (diff.Count > lines.Count)
        {
            lines.Add($"… and {diff.Count - lines.Count} more difference(s)");
        }

        return new PairComparison(diff.Count == 0, lines, diff.UsedIgnore, diff.UsedTolerance);
    }

    private static string Describe(ToolCall call) => call.ArgumentsValid ? Text.Excerpt.Of(call.Arguments) : $"(not valid JSON) {Text.Excerpt.Of(call.Arguments)}";

    /// <summary>A maximum bipartite matching (Kuhn's augmenting paths), trying each call's own position first.</summary>
    private static int[] MaximumMatching(int verifiedCount, int receivedCount, Func<int, int, bool> equal)
    {
        var matchOfReceived = Enumerable.Repeat(-1, receivedCount).ToArray();
        for (var v = 0; v < verifiedCount; v++)
        {
            Augment(v, new bool[receivedCount]);
        }

        var matchOfVerified = Enumerable.Repeat(-1, verifiedCount).ToArray();
        for (var r = 0; r < receivedCount; r++)
        {
            if (matchOfReceived[r] >= 0)
            {
                matchOfVerified[matchOfReceived[r]] = r;
            }
        }

        return matchOfVerified;

        bool Augment(int v, bool[] visited)
        {
            foreach (var r in Enumerable.Range(0, receivedCount).OrderBy(r => r == v ? 0 : 1))
            {
                if (visited[r] || !equal(v, r))
                {
                    continue;
                }

                visited[r] = true;
                if (matchOfReceived[r] < 0 || Augment(matchOfReceived[r], visited))
                {
                    matchOfReceived[r] = v;
                    return true;
                }
            }

            return false;
        }
    }

    private sealed record PairComparison(bool Equal, IReadOnlyList<string> Differences, bool UsedIgnore, bool UsedTolerance);
}
