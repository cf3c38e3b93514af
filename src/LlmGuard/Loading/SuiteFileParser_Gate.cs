using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The <c>gate</c> section.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] GateKeys = ["max_changed_share", "critical_tags", "floating_model", "fail_on_identity_change"];

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
        };
        return reader.ErrorCount > errorsBefore ? null : gate;
    }
}
