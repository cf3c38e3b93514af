using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Execution;

/// <summary>
/// Prices of models in US dollars per million input and output tokens: the suite's <c>prices</c> first, then built-in
/// defaults for OpenAI's current models (standard tier, text tokens; from OpenAI's published price list as of mid-2026 —
/// prices change, so a suite that gates on cost should state its own). A name matches a price exactly, or as a dated
/// snapshot of it (<c>gpt-4o-2024-08-06</c> takes the price of <c>gpt-4o</c>); the longest matching name wins.
/// </summary>
internal static class PriceTable
{
    /// <summary>The built-in prices.</summary>
    public static IReadOnlyDictionary<string, ModelPrice> Defaults { get; } = new SortedDictionary<string, ModelPrice>(StringComparer.Ordinal)
    {
        ["gpt-5"] = new(1.25, 10),
        ["gpt-5-mini"] = new(0.25, 2),
        ["gpt-5-nano"] = new(0.05, 0.40),
        ["gpt-4.1"] = new(2, 8),
        ["gpt-4.1-mini"] = new(0.40, 1.60),
        ["gpt-4.1-nano"] = new(0.10, 0.40),
        ["gpt-4o"] = new(2.50, 10),
        ["gpt-4o-mini"] = new(0.15, 0.60),
        ["o1"] = new(15, 60),
        ["o3"] = new(2, 8),
        ["o3-mini"] = new(1.10, 4.40),
        ["o4-mini"] = new(1.10, 4.40),
        ["gpt-3.5-turbo"] = new(0.50, 1.50),
    };

    /// <summary>The price of a model: the suite's, else the built-in one; null when neither knows it.</summary>
    public static ModelPrice? Find(IReadOnlyDictionary<string, ModelPrice> suitePrices, string model) =>
        Match(suitePrices, model) ?? Match(Defaults, model);

    /// <summary>The estimated cost of the tokens at the price.</summary>
    public static double Cost(ModelPrice price, TokenUsage usage) =>
        (usage.InputTokens * price.InputPerMillion + usage.OutputTokens * price.OutputPerMillion) / 1_000_000;

    /// <summary>
    /// The exact price, else the longest name of which the model is a dated snapshot. Called for every answered case
    /// (its cost and its baseline's), so it walks the table once without building strings.
    /// </summary>
    private static ModelPrice? Match(IReadOnlyDictionary<string, ModelPrice> prices, string model)
    {
        if (prices.TryGetValue(model, out var exact))
        {
            return exact;
        }

        ModelPrice? longest = null;
        var longestLength = -1;
        foreach (var (name, price) in prices)
        {
            if (name.Length > longestLength && model.Length > name.Length + 1 && model[name.Length] == '-'
                && model.StartsWith(name, StringComparison.Ordinal) && IsSnapshotSuffix(model.AsSpan(name.Length + 1)))
            {
                (longest, longestLength) = (price, name.Length);
            }
        }

        return longest;
    }

    /// <summary>A dated snapshot suffix: <c>2024-08-06</c> or <c>0613</c> (digits and dashes only).</summary>
    private static bool IsSnapshotSuffix(ReadOnlySpan<char> suffix)
    {
        foreach (var c in suffix)
        {
            if (!char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return suffix.Length > 0;
    }
}
