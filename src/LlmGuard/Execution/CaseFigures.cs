using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Execution;

/// <summary>
/// The tokens and estimated cost of a case's call and of its baseline (the verified snapshot). Snapshots hold no
/// volatile figures, so the baseline's are derived: the same prompt's input tokens, and the baseline answer's output
/// tokens in the provider's units — this run's reported output tokens scaled by the ratio of the two answers' counts
/// with one tokenizer (equal answers of the same model need no scaling and are exact).
/// </summary>
internal static class CaseFigures
{
    /// <summary>The estimated cost of this run's call, at the price of the model asked for (or the one that answered).</summary>
    public static double? Cost(CasePlan plan, TokenUsage? usage, string? resolvedModel)
    {
        if (usage is null)
        {
            return null;
        }

        var price = PriceTable.Find(plan.Suite.Prices, plan.Suite.Target.Model)
            ?? (resolvedModel is null ? null : PriceTable.Find(plan.Suite.Prices, resolvedModel));
        return price is null ? null : PriceTable.Cost(price, usage);
    }

    /// <summary>The baseline's figures against this run's answer; null without a snapshot or usage.</summary>
    public static BaselineFigures? Baseline(CasePlan plan, SnapshotDocument? verified, ModelAnswer received, TokenUsage? usage)
    {
        if (verified is null || usage is null)
        {
            return null;
        }

        var model = verified.Model ?? plan.Suite.Target.Model;
        var sameModel = model == plan.Suite.Target.Model;
        var baselineAnswer = verified.Answer;
        long output;
        bool estimated;
        if (baselineAnswer.Text == received.Text && baselineAnswer.ToolCalls.SequenceEqual(received.ToolCalls, ToolCallText.Instance))
        {
            (output, estimated) = (usage.OutputTokens, usage.Estimated || !sameModel);
        }
        else
        {
            var baselineCount = TokenEstimator.CountAnswer(baselineAnswer.Text, baselineAnswer.ToolCalls);
            var receivedCount = TokenEstimator.CountAnswer(received.Text, received.ToolCalls);
            output = usage.Estimated || receivedCount == 0
                ? baselineCount
                : (long)Math.Round(usage.OutputTokens * (double)baselineCount / receivedCount, MidpointRounding.AwayFromZero);
            estimated = true;
        }

        var baselineUsage = new TokenUsage(usage.InputTokens, output, estimated || !sameModel);
        var price = PriceTable.Find(plan.Suite.Prices, model);
        return new BaselineFigures { Usage = baselineUsage, EstimatedCost = price is null ? null : PriceTable.Cost(price, baselineUsage), Model = model };
    }

    /// <summary>Compares tool calls by name, canonical arguments and validity (ids are not compared).</summary>
    private sealed class ToolCallText : IEqualityComparer<Suites.ToolCall>
    {
        public static ToolCallText Instance { get; } = new();

        public bool Equals(Suites.ToolCall? x, Suites.ToolCall? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Arguments == y.Arguments && x.ArgumentsValid == y.ArgumentsValid;

        public int GetHashCode(Suites.ToolCall obj) => HashCode.Combine(obj.Name, obj.Arguments);
    }
}
