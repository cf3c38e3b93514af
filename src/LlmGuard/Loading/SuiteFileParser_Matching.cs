using LlmGuard.Assertions;
using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>How outputs are matched with their snapshots: <c>compare</c> and <c>scrub</c>, in defaults and cases.</summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] CompareKeys = ["mode", "ignore_case", "tool_calls"];
    private static readonly string[] ScrubKeys = ["pattern", "replacement"];

    private CompareOptions? ParseCompare(YamlNode node)
    {
        string[] modes = ["exact", "normalized", "json"];
        if (node is YamlScalarNode)
        {
            return new CompareOptions(ParseMode(node, reader.String(node, "compare"), modes));
        }

        var map = reader.Mapping(node, "'compare'", CompareKeys);
        if (map is null)
        {
            return null;
        }

        var mode = map.TryGetValue("mode", out var modeNode) ? ParseMode(modeNode, reader.String(modeNode, "mode"), modes) : CompareMode.Exact;
        var ignoreCase = map.TryGetValue("ignore_case", out var caseNode) && (reader.Boolean(caseNode, "ignore_case") ?? false);
        if (ignoreCase && mode != CompareMode.Normalized)
        {
            reader.Error(caseNode!, DiagnosticCodes.InvalidValue, "'ignore_case' applies only to 'mode: normalized'.");
        }

        var toolCalls = ToolCallComparison.Default;
        if (map.TryGetValue("tool_calls", out var toolCallsNode))
        {
            toolCalls = ParseToolCallComparison(toolCallsNode) ?? ToolCallComparison.Default;
        }

        return new CompareOptions(mode, ignoreCase) { ToolCalls = toolCalls };
    }

    private CompareMode ParseMode(YamlNode node, string? value, string[] modes) => value switch
    {
        "exact" => CompareMode.Exact,
        "normalized" => CompareMode.Normalized,
        "json" => CompareMode.Json,
        _ => InvalidChoice(node, "compare mode", value, modes, CompareMode.Exact),
    };

    private List<ScrubberDefinition> ParseScrubbers(YamlNode node)
    {
        var result = new List<ScrubberDefinition>();
        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, DiagnosticCodes.WrongType, $"'scrub' must be a list of scrubbers, not {YamlNodeReader.Describe(node)}.");
            return result;
        }

        string[] builtIns = ["guids", "dates", "long-numbers"];
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode)
            {
                var name = reader.String(item, "scrub");
                BuiltInScrubber? builtIn = name switch
                {
                    "guids" => BuiltInScrubber.Guids,
                    "dates" => BuiltInScrubber.Dates,
                    "long-numbers" => BuiltInScrubber.LongNumbers,
                    _ => InvalidChoice<BuiltInScrubber?>(item, "scrub", name, builtIns, null),
                };
                if (builtIn is not null)
                {
                    result.Add(new ScrubberDefinition { BuiltIn = builtIn, Location = reader.LocationOf(item) });
                }

                continue;
            }

            if (reader.Mapping(item, "a scrubber", ScrubKeys) is not { } map)
            {
                continue;
            }

            var pattern = reader.RequiredString(map, "pattern", item, "A scrubber");
            if (pattern is null)
            {
                continue;
            }

            if (AssertionValidation.ValidateRegex(pattern) is { } regexProblem)
            {
                reader.Error(map["pattern"], DiagnosticCodes.InvalidRegex, $"Invalid regular expression in 'pattern': {regexProblem}");
                continue;
            }

            result.Add(new ScrubberDefinition
            {
                Pattern = pattern,
                Replacement = map.TryGetValue("replacement", out var replacementNode) ? reader.String(replacementNode, "replacement") ?? "" : "{scrubbed}",
                Location = reader.LocationOf(item),
            });
        }

        return result;
    }
}
