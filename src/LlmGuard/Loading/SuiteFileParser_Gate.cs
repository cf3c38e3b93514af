using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>gate</c> section.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] GateKeys =
    [
        "max_changed_share", "max_changed_share_by_tag", "critical_tags", "intended_tags", "no_regressions", "min_agreement",
        "max_provider_errors", "significance", "underpowered", "floating_model", "fail_on_identity_change",
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

        var underpowered = UnderpoweredPolicy.Warn;
        if (map.TryGetValue("underpowered", out var underpoweredNode))
        {
            underpowered = reader.String(underpoweredNode, "underpowered") switch
            {
                "warn" => UnderpoweredPolicy.Warn,
                "fail" => UnderpoweredPolicy.Fail,
                var other => InvalidChoice(underpoweredNode, "underpowered", other, ["warn", "fail"], UnderpoweredPolicy.Warn),
            };
        }

        double? significance = null;
        if (map.TryGetValue("significance", out var significanceNode))
        {
            significance = reader.Number(significanceNode, "significance", 0.0001, 0.5);
        }
        else if (underpoweredNode is not null)
        {
            reader.Error(underpoweredNode, DiagnosticCodes.InvalidValue, "'underpowered' applies only with 'significance' (the level the paired test must reach).");
        }

        var gate = new GateDefinition
        {
            MaxChangedShare = map.TryGetValue("max_changed_share", out var shareNode) ? reader.Number(shareNode, "max_changed_share", 0, 1) ?? 0 : 0,
            MaxChangedShareByTag = map.TryGetValue("max_changed_share_by_tag", out var byTagNode) ? ParseSharesByTag(byTagNode) : new SortedDictionary<string, double>(StringComparer.Ordinal),
            CriticalTags = map.TryGetValue("critical_tags", out var tagsNode) ? reader.StringList(tagsNode, "critical_tags").Select(t => t.Value).ToList() : [],
            IntendedTags = map.TryGetValue("intended_tags", out var intendedNode) ? reader.StringList(intendedNode, "intended_tags").Select(t => t.Value).ToList() : [],
            NoRegressions = map.TryGetValue("no_regressions", out var regressionsNode) && (reader.Boolean(regressionsNode, "no_regressions") ?? false),
            MinAgreement = map.TryGetValue("min_agreement", out var agreementNode) ? reader.Number(agreementNode, "min_agreement", 0, 1) : null,
            MaxProviderErrors = map.TryGetValue("max_provider_errors", out var errorsNode) ? (int)(reader.Integer(errorsNode, "max_provider_errors", 0, int.MaxValue) ?? 0) : 0,
            Significance = significance,
            Underpowered = underpowered,
            FloatingModel = policy,
            FailOnIdentityChange = !map.TryGetValue("fail_on_identity_change", out var identityNode) || (reader.Boolean(identityNode, "fail_on_identity_change") ?? true),
            MaxOutputTokensIncrease = map.TryGetValue("max_output_tokens_increase", out var tokensNode) ? Increase(tokensNode, "max_output_tokens_increase") : null,
            MaxCostIncrease = map.TryGetValue("max_cost_increase", out var costNode) ? Increase(costNode, "max_cost_increase") : null,
            MaxLatencyP95 = map.TryGetValue("max_latency_p95", out var latencyNode) ? reader.Duration(latencyNode, "max_latency_p95") : null,
            MaxLikelihoodShift = map.TryGetValue("max_likelihood_shift", out var shiftNode) ? reader.Number(shiftNode, "max_likelihood_shift", 0, 100) : null,
        };

        foreach (var (tag, tagNode) in intendedNode is null ? [] : reader.StringList(intendedNode, "intended_tags"))
        {
            if (gate.CriticalTags.Contains(tag))
            {
                reader.Error(tagNode, DiagnosticCodes.InvalidValue, $"The tag '{tag}' is both critical and intended: a case cannot be one that must never change and one that is meant to.");
            }
        }

        return reader.ErrorCount > errorsBefore ? null : gate;
    }

    private SortedDictionary<string, double> ParseSharesByTag(YamlNode node)
    {
        var result = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'max_changed_share_by_tag' must be a mapping of tags to shares (0 to 1), not {YamlNodeReader.Describe(node)}.");
            return result;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } tag })
            {
                reader.Error(keyNode, DiagnosticCodes.WrongType, $"Tags in 'max_changed_share_by_tag' must be plain names, not {YamlNodeReader.Describe(keyNode)}.");
                continue;
            }

            if (reader.Number(valueNode, $"max_changed_share_by_tag.{tag}", 0, 1) is { } share)
            {
                result[tag] = share;
            }
        }

        return result;
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
