using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// Turns the YAML of one suite file into a <see cref="Suite"/>, reporting every problem with its position. One part per
/// section of a suite, each owning its keys: the root (this file), the target, the gate, defaults and cases, matching
/// (compare and scrub) and assertions.
/// </summary>
internal sealed partial class SuiteFileParser(YamlNodeReader reader, IReadOnlyCollection<string>? knownProviders, SuitePolicy policy, CancellationToken cancellationToken = default)
{
    private static readonly string[] RootKeys = ["id", "description", "target", "judge", "embedding", "defaults", "gate", "tools", "prices", "cases"];

    /// <summary>Parses a whole suite document; <paramref name="streamed"/> holds its cases when they were read one by one.</summary>
    public Suite? Parse(YamlNode root, string fullPath, StreamedCases? streamed = null)
    {
        var map = reader.Mapping(root, "the suite", RootKeys);
        if (map is null)
        {
            return null;
        }

        var id = reader.RequiredString(map, "id", root, "The suite");
        if (id is not null && SafeIds.Problem(id) is { } problem)
        {
            reader.Error(map["id"], DiagnosticCodes.UnsafeId, $"Suite id '{Printable(id)}' cannot be used as a folder name: {problem}.");
            id = null;
        }

        var description = map.TryGetValue("description", out var descriptionNode) ? reader.String(descriptionNode, "description") : null;
        var toolsNode = map.GetValueOrDefault("tools");
        declaredTools = toolsNode is null ? [] : ParseTools(toolsNode);
        var prices = map.TryGetValue("prices", out var pricesNode) ? ParsePrices(pricesNode) : new SortedDictionary<string, ModelPrice>(StringComparer.Ordinal);
        var target = map.TryGetValue("target", out var targetNode)
            ? ParseTarget(targetNode)
            : MissingKey<TargetDefinition>(root, "target", "The suite");
        var gate = map.TryGetValue("gate", out var gateNode) ? ParseGate(gateNode) : GateDefinition.Default;
        var judge = map.TryGetValue("judge", out var judgeNode) ? ParseJudgeModel(judgeNode) : null;
        var embedding = map.TryGetValue("embedding", out var embeddingNode) ? ParseEmbeddingModel(embeddingNode) : null;
        var defaults = map.TryGetValue("defaults", out var defaultsNode) ? ParseDefaults(defaultsNode) : CaseDefaults.None;

        if (target is not null && gate is not null)
        {
            CheckFloatingModel(target, gate, targetNode!);
        }

        if (judge is not null && gate is not null)
        {
            CheckFloatingModel(judge, gate, judgeNode!);
        }

        var cases = streamed ?? new StreamedCases(defaults ?? CaseDefaults.None);
        if (!map.TryGetValue("cases", out var casesNode))
        {
            reader.Error(root, DiagnosticCodes.NoCases, "The suite has no 'cases': add at least one case.");
        }
        else if (casesNode is not YamlSequenceNode caseSequence)
        {
            reader.Error(casesNode, DiagnosticCodes.WrongType, $"'cases' must be a list of cases, not {YamlNodeReader.Describe(casesNode)}.");
        }
        else
        {
            if (streamed is null)
            {
                foreach (var caseNode in caseSequence.Children)
                {
                    AddCase(cases, caseNode);
                }
            }

            if (cases.ItemCount == 0)
            {
                reader.Error(casesNode, DiagnosticCodes.NoCases, "The suite has no cases: 'cases' is an empty list.");
            }
        }

        if (target is not null)
        {
            CheckProviderSupport(target, cases.Cases, targetNode!, toolsNode);
        }

        RequireComparisonModels(cases.Cases, judgeNode is not null, embeddingNode is not null);
        if (reader.ErrorCount > 0 || id is null || target is null || gate is null)
        {
            return null;
        }

        return new Suite
        {
            Id = id,
            Description = description,
            Target = target,
            Gate = gate,
            Judge = judge,
            Embedding = embedding,
            Tools = declaredTools,
            Prices = prices,
            Cases = cases.Cases,
            IdLocation = reader.LocationOf(map["id"]),
            FilePath = fullPath,
        };
    }

    private static YamlNode KeyNode(YamlNode mapping, string key) =>
        ((YamlMappingNode)mapping).Children.Keys.First(node => node is YamlScalarNode { Value: var value } && value == key);

    /// <summary>
    /// Starts reading cases one by one, before the rest of the document is built: <paramref name="rootSoFar"/> holds the
    /// suite's keys that precede 'cases', from which only 'tools' and 'defaults' are taken.
    /// </summary>
    public StreamedCases BeginCases(YamlMappingNode rootSoFar)
    {
        declaredTools = rootSoFar.Children.TryGetValue(new YamlScalarNode("tools"), out var toolsNode) ? ParseTools(toolsNode) : [];
        return new(rootSoFar.Children.TryGetValue(new YamlScalarNode("defaults"), out var defaultsNode)
            ? ParseDefaults(defaultsNode) ?? CaseDefaults.None
            : CaseDefaults.None);
    }

    public void AddCase(StreamedCases cases, YamlNode caseNode)
    {
        cancellationToken.ThrowIfCancellationRequested();
        cases.ItemCount++;
        if (ParseCase(caseNode, cases.Defaults) is not { } parsed)
        {
            return;
        }

        if (cases.Locations.TryGetValue(parsed.Id, out var first))
        {
            reader.Error(parsed.IdLocation, DiagnosticCodes.DuplicateCaseId,
                $"Case id '{parsed.Id}' is already used at line {first.Line}, column {first.Column} (ids must differ in more than letter case, since snapshot file names must).");
            return;
        }

        cases.Locations[parsed.Id] = parsed.IdLocation;
        cases.Cases.Add(parsed);
    }

    private T? MissingKey<T>(YamlNode owner, string key, string what)
        where T : class
    {
        reader.Error(owner, DiagnosticCodes.MissingKey, $"{what} is missing the required key '{key}'.");
        return null;
    }

    private T InvalidChoice<T>(YamlNode node, string field, string? value, string[] allowed, T fallback)
    {
        var suggestion = value is null ? null : Suggestions.Closest(value, allowed);
        reader.Error(node, DiagnosticCodes.InvalidValue,
            $"'{field}' must be one of {string.Join(", ", allowed)}, not '{value}'." + (suggestion is null ? "" : $" Did you mean '{suggestion}'?"));
        return fallback;
    }

    private static string Printable(string id) =>
        string.Concat(id.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
