using LlmGuard.Assertions;
using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// How outputs are matched with their baselines: <c>compare</c> (the equivalence ladder: mode, extract, assertions, lexical,
/// embedding, judge) and <c>scrub</c>, in defaults and cases.
/// </summary>
internal sealed partial class SuiteFileParser
{
    private static readonly string[] CompareKeys = ["mode", "ignore_case", "tool_calls", "extract", "assertions", "lexical", "embedding", "judge"];
    private static readonly string[] ScrubKeys = ["pattern", "replacement"];
    private static readonly string[] ExtractKeys = ["regex", "json_path", "preset", "all", "ignore_case"];
    private static readonly string[] LexicalKeys = ["metric", "threshold"];
    private static readonly string[] EmbeddingKeys = ["threshold"];
    private static readonly string[] JudgeKeys = ["criterion", "votes"];
    private static readonly string[] LexicalMetrics = ["rouge-l", "token-f1"];

    /// <summary>The most votes a judge step may ask for.</summary>
    private const int MaxJudgeVotes = 15;

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

        return new CompareOptions(mode, ignoreCase)
        {
            ToolCalls = toolCalls,
            Extract = map.TryGetValue("extract", out var extractNode) ? ParseExtract(extractNode) : null,
            Assertions = map.TryGetValue("assertions", out var assertionsNode) && (reader.Boolean(assertionsNode, "assertions") ?? false),
            Lexical = map.TryGetValue("lexical", out var lexicalNode) ? ParseLexical(lexicalNode) : null,
            Embedding = map.TryGetValue("embedding", out var embeddingNode) ? ParseEmbedding(embeddingNode) : null,
            Judge = map.TryGetValue("judge", out var judgeNode) ? ParseJudgeStep(judgeNode) : null,
        };
    }

    private CompareMode ParseMode(YamlNode node, string? value, string[] modes) => value switch
    {
        "exact" => CompareMode.Exact,
        "normalized" => CompareMode.Normalized,
        "json" => CompareMode.Json,
        _ => InvalidChoice(node, "compare mode", value, modes, CompareMode.Exact),
    };

    /// <summary><c>extract: final-number</c>, or a mapping with exactly one of <c>regex</c>, <c>json_path</c> and <c>preset</c>.</summary>
    private ExtractDefinition? ParseExtract(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            var name = reader.String(node, "extract");
            if (name is not null && ExtractPresets.TryParse(name, out var preset))
            {
                return new ExtractDefinition { Preset = preset, Location = reader.LocationOf(node) };
            }

            var suggestion = name is null ? null : Suggestions.Closest(name, ExtractPresets.All);
            reader.Error(node, DiagnosticCodes.InvalidValue,
                $"'extract' must be one of {string.Join(", ", ExtractPresets.All)}, or a mapping with 'regex' or 'json_path', not '{name}'."
                + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"));
            return null;
        }

        var map = reader.Mapping(node, "'extract'", ExtractKeys);
        if (map is null)
        {
            return null;
        }

        var given = new[] { "regex", "json_path", "preset" }.Where(map.ContainsKey).ToList();
        if (given.Count != 1)
        {
            reader.Error(given.Count > 1 ? KeyNode(node, given[1]) : node, DiagnosticCodes.InvalidValue,
                "'extract' takes exactly one of 'regex', 'json_path' and 'preset'" + (given.Count > 1 ? $", not both '{given[0]}' and '{given[1]}'." : "."));
            return null;
        }

        var errorsBefore = reader.ErrorCount;
        var all = map.TryGetValue("all", out var allNode) && (reader.Boolean(allNode, "all") ?? false);
        var ignoreCase = map.TryGetValue("ignore_case", out var caseNode) && (reader.Boolean(caseNode, "ignore_case") ?? false);
        if (all && given[0] != "regex")
        {
            reader.Error(allNode!, DiagnosticCodes.InvalidValue, "'all' applies only to an 'extract' with 'regex'.");
        }

        var definition = new ExtractDefinition { AllMatches = all, IgnoreCase = ignoreCase, Location = reader.LocationOf(node) };
        switch (given[0])
        {
            case "regex":
                var pattern = reader.String(map["regex"], "regex");
                if (string.IsNullOrEmpty(pattern))
                {
                    reader.Error(map["regex"], DiagnosticCodes.InvalidValue, "'regex' must not be empty.");
                }
                else if (AssertionValidation.ValidateRegex(pattern) is { } problem)
                {
                    reader.Error(map["regex"], DiagnosticCodes.InvalidRegex, $"Invalid regular expression in 'extract': {problem}");
                }

                definition = definition with { Pattern = pattern };
                break;
            case "json_path":
                var paths = reader.StringList(map["json_path"], "json_path");
                if (paths.Count == 0)
                {
                    reader.Error(map["json_path"], DiagnosticCodes.InvalidValue, "'json_path' must name at least one path.");
                }

                foreach (var (path, pathNode) in paths)
                {
                    if (JsonPathExpression.TryParse(path, out var pathError) is null)
                    {
                        reader.Error(pathNode, DiagnosticCodes.InvalidValue, $"'{path}' is not a supported JSON path: {pathError} (write e.g. $.answer, $.items[0].name or $['a key']).");
                    }
                }

                definition = definition with { JsonPaths = [.. paths.Select(path => path.Value)] };
                break;
            default:
                var name = reader.String(map["preset"], "preset");
                if (name is not null && ExtractPresets.TryParse(name, out var preset))
                {
                    definition = definition with { Preset = preset };
                }
                else
                {
                    InvalidChoice<object?>(map["preset"], "preset", name, [.. ExtractPresets.All], null);
                }

                break;
        }

        return reader.ErrorCount > errorsBefore ? null : definition;
    }

    private LexicalSimilarityDefinition? ParseLexical(YamlNode node)
    {
        var map = reader.Mapping(node, "'lexical'", LexicalKeys);
        if (map is null)
        {
            return null;
        }

        var metric = LexicalMetric.RougeL;
        if (map.TryGetValue("metric", out var metricNode))
        {
            metric = reader.String(metricNode, "metric") switch
            {
                "rouge-l" => LexicalMetric.RougeL,
                "token-f1" => LexicalMetric.TokenF1,
                var other => InvalidChoice(metricNode, "metric", other, LexicalMetrics, LexicalMetric.RougeL),
            };
        }

        if (!map.TryGetValue("threshold", out var thresholdNode))
        {
            return MissingKey<LexicalSimilarityDefinition>(node, "threshold", "'lexical'");
        }

        return reader.Number(thresholdNode, "threshold", 0, 1) is { } threshold ? new LexicalSimilarityDefinition(metric, threshold) : null;
    }

    /// <summary><c>embedding: 0.85</c> or <c>embedding: { threshold: 0.85 }</c>.</summary>
    private EmbeddingSimilarityDefinition? ParseEmbedding(YamlNode node)
    {
        var thresholdNode = node;
        if (node is not YamlScalarNode)
        {
            var map = reader.Mapping(node, "'embedding'", EmbeddingKeys);
            if (map is null)
            {
                return null;
            }

            if (!map.TryGetValue("threshold", out thresholdNode))
            {
                return MissingKey<EmbeddingSimilarityDefinition>(node, "threshold", "'embedding'");
            }
        }

        return reader.Number(thresholdNode, "embedding threshold", -1, 1) is { } threshold
            ? new EmbeddingSimilarityDefinition(threshold) { Location = reader.LocationOf(node) }
            : null;
    }

    /// <summary><c>judge: &lt;criterion&gt;</c> or <c>judge: { criterion: …, votes: 3 }</c>.</summary>
    private JudgeDefinition? ParseJudgeStep(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            var criterion = reader.String(node, "judge");
            if (string.IsNullOrWhiteSpace(criterion))
            {
                reader.Error(node, DiagnosticCodes.InvalidValue, "'judge' must state the criterion the candidate must preserve, e.g. 'names the same city'.");
                return null;
            }

            return new JudgeDefinition(criterion) { Location = reader.LocationOf(node) };
        }

        var map = reader.Mapping(node, "'judge'", JudgeKeys);
        if (map is null)
        {
            return null;
        }

        var text = reader.RequiredString(map, "criterion", node, "'judge'");
        var votes = map.TryGetValue("votes", out var votesNode) ? reader.Integer(votesNode, "votes", 1, MaxJudgeVotes) : 1;
        return text is null || votes is null ? null : new JudgeDefinition(text, (int)votes) { Location = reader.LocationOf(node) };
    }

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
