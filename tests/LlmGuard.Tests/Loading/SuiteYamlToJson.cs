using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Tests.Loading;

/// <summary>
/// Converts a suite's YAML to JSON the way the suite loader types values: quoted scalars are texts; plain
/// scalars are null, true/false, integers, finite numbers or texts.
/// </summary>
internal static class SuiteYamlToJson
{
    public static string Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? "null" : ToNode(stream.Documents[0].RootNode)?.ToJsonString() ?? "null";
    }

    /// <summary>One YAML node as JSON, typed the same way.</summary>
    public static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToNode(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToNode)]),
        YamlScalarNode { Style: not ScalarStyle.Plain } scalar => JsonValue.Create(scalar.Value),
        YamlScalarNode { Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode { Value: "true" or "True" or "TRUE" } => JsonValue.Create(true),
        YamlScalarNode { Value: "false" or "False" or "FALSE" } => JsonValue.Create(false),
        YamlScalarNode { Value: { } text } when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) =>
            JsonValue.Create(integer),
        YamlScalarNode { Value: { } text } when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) =>
            JsonValue.Create(real),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException($"Cannot convert {node.GetType().Name} to JSON."),
    };
}
