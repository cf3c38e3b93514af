using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>gate</c> section.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] GateKeys =
    [
        "max_changed_share", "critical_tags", "floating_model", "fail_on_identity_change",
        "max_output_tokens_increase", "max_cost_increase", "max_latency_p95", "max_likelihood_shift",
    ];

    private GateDefinition? ParseGate(YamlNode node)
    {
        var map = reader.Mapping(node, "'gate'", GateKeys);
        if (map is null)
        {
            return null;
        }

        var errorsBefore = reader.ErrorCount;
        var policy = FloatingModelPolicy.Warn;
        if (map.TryGetValue("floating_model", out var policyNode))
        {
            policy = reader.String(policyNode, "floating_model") switch
            {
                "warn" => FloatingModelPolicy.Warn,
                "error" => FloatingModelPolicy.Error,
                "ignore" => FloatingModelPolicy.Ignore,
                var other => InvalidChoice(policyNode, "floating_model", other, ["warn", "error", "ignore"], FloatingModelPolicy.Warn),
            };
        }

        var gate = new GateDefinition
        {
            MaxChangedShare = map.TryGetValue("max_changed_share", out var shareNode) ? reader.Number(shareNode, "max_changed_share", 0, 1) ?? 0 : 0,
            CriticalTags = map.TryGetValue("critical_tags", out var tagsNode) ? reader.StringList(tagsNode, "critical_tags").Select(t => t.Value).ToList() : [],
            FloatingModel = policy,
            FailOnIdentityChange = !map.TryGetValue("fail_on_identity_change", out var identityNode) || (reader.Boolean(identityNode, "fail_on_identity_change") ?? true),
            MaxOutputTokensIncrease = map.TryGetValue("max_output_tokens_increase", out var tokensNode) ? Increase(tokensNode, "max_output_tokens_increase") : null,
            MaxCostIncrease = map.TryGetValue("max_cost_increase", out var costNode) ? Increase(costNode, "max_cost_increase") : null,
            MaxLatencyP95 = map.TryGetValue("max_latency_p95", out var latencyNode) ? reader.Duration(latencyNode, "max_latency_p95") : null,
            MaxLikelihoodShift = map.TryGetValue("max_likelihood_shift", out var shiftNode) ? reader.Number(shiftNode, "max_likelihood_shift", 0, 100) : null,
        };
        return reader.ErrorCount > errorsBefore ? null : gate;
    }

    /// <summary>An allowed increase: a share such as <c>0.3</c>, or a percentage such as <c>30%</c> (the same).</summary>
    private double? Increase(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: { } text } && text.EndsWith('%'))
        {
            if (double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var percent)
                && double.IsFinite(percent) && percent >= 0 && percent <= 10_000)
            {
                return percent / 100;
            }

            reader.Error(node, DiagnosticCodes.OutOfRange, $"'{field}' must be a share such as 0.3 or a percentage such as 30% (0 to 10000%), not '{text}'.");
            return null;
        }

        return reader.Number(node, field, 0, 100);
    }
}
