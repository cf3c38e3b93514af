using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Providers.Pinning;

/// <summary>
/// Writes <c>pin: { digest: …, resolved_model: … }</c> into a suite's target block as a text edit: an existing
/// <c>pin</c> entry is replaced, otherwise one is added on the line after <c>model</c>. Every other byte of the
/// file (comments, quoting, key order, line endings) stays as it was.
/// </summary>
internal static class SuitePinEditor
{
    /// <summary>Returns the suite text with the target's pin set to the given values (a null value is left out).</summary>
    /// <param name="suiteText">The suite file's text.</param>
    /// <param name="digest">The model digest to pin, or null.</param>
    /// <param name="resolvedModel">The resolved model id to pin, or null.</param>
    /// <exception cref="FormatException">The text is not a suite with a <c>target</c> mapping, or nothing is to be pinned.</exception>
    public static string SetPin(string suiteText, string? digest, string? resolvedModel)
    {
        if (digest is null && resolvedModel is null)
        {
            throw new FormatException("There is nothing to pin: neither a digest nor a resolved model id is known.");
        }

        var target = FindTarget(suiteText);
        var offsets = new TextOffsets(suiteText);
        var pin = PinText(digest, resolvedModel);
        var pinEntry = target.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: "pin" });
        string updated;
        if (pinEntry.Key is not null)
        {
            var start = offsets.Of(pinEntry.Key.Start);
            var end = LastContentEnd(pinEntry.Value, offsets);
            updated = suiteText[..start] + pin + suiteText[end..];
        }
        else if (target.Style == MappingStyle.Flow)
        {
            var close = LastContentEnd(target, offsets) - 1;
            updated = suiteText[..close].TrimEnd() + ", " + pin + " " + suiteText[close..];
        }
        else
        {
            var model = target.Children.First(pair => pair.Key is YamlScalarNode { Value: "model" });
            var lineEnd = suiteText.IndexOf('\n', LastContentEnd(model.Value, offsets));
            var newline = suiteText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            var line = new string(' ', (int)model.Key.Start.Column - 1) + pin + newline;
            updated = lineEnd < 0
                ? suiteText + newline + line
                : suiteText[..(lineEnd + 1)] + line + suiteText[(lineEnd + 1)..];
        }

        Verify(updated, digest, resolvedModel);
        return updated;
    }

    private static YamlMappingNode FindTarget(string suiteText)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(suiteText));
        }
        catch (YamlException exception)
        {
            throw new FormatException($"The suite is not valid YAML: {exception.Message}", exception);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("target"), out var targetNode) || targetNode is not YamlMappingNode target
            || !target.Children.ContainsKey(new YamlScalarNode("model")))
        {
            throw new FormatException("The suite has no 'target' mapping with a 'model'.");
        }

        return target;
    }

    private static string PinText(string? digest, string? resolvedModel)
    {
        var fields = new List<string>();
        if (digest is not null)
        {
            fields.Add("digest: " + Quote(digest));
        }

        if (resolvedModel is not null)
        {
            fields.Add("resolved_model: " + Quote(resolvedModel));
        }

        return "pin: { " + string.Join(", ", fields) + " }";
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var character in value)
        {
            builder.Append(character switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\x{(int)character:x2}",
                _ => character.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    // YamlDotNet gives collections no end mark, so the end is found from the last scalar inside (plus the closing
    // bracket of a flow collection); a scalar's end mark is exact.
    private static int LastContentEnd(YamlNode node, TextOffsets offsets) => node switch
    {
        YamlMappingNode mapping => Close(mapping.Style == MappingStyle.Flow ? '}' : null, mapping.Children.Count > 0 ? LastContentEnd(mapping.Children.Last().Value, offsets) : offsets.Of(mapping.Start), offsets),
        YamlSequenceNode sequence => Close(sequence.Style == SequenceStyle.Flow ? ']' : null, sequence.Children.Count > 0 ? LastContentEnd(sequence.Children[^1], offsets) : offsets.Of(sequence.Start), offsets),
        _ => offsets.Of(node.End),
    };

    private static int Close(char? bracket, int contentEnd, TextOffsets offsets) =>
        bracket is { } closing ? offsets.Text.IndexOf(closing, contentEnd) + 1 : contentEnd;

    private static void Verify(string updated, string? digest, string? resolvedModel)
    {
        var pin = FindTarget(updated).Children[new YamlScalarNode("pin")] as YamlMappingNode;
        string? Field(string key) => pin?.Children.TryGetValue(new YamlScalarNode(key), out var value) == true ? (value as YamlScalarNode)?.Value : null;
        if (pin is null || Field("digest") != digest || Field("resolved_model") != resolvedModel)
        {
            throw new FormatException("The pin could not be written into the target block without changing its meaning; edit the file by hand.");
        }
    }

    /// <summary>Maps YAML marks (1-based line and column) to offsets in the text, whatever its line endings.</summary>
    private sealed class TextOffsets(string text)
    {
        public string Text => text;

        private readonly List<int> lineStarts = [0, .. text.Select((character, index) => (character, index)).Where(pair => pair.character == '\n').Select(pair => pair.index + 1)];

        public int Of(Mark mark) => lineStarts[checked((int)mark.Line) - 1] + checked((int)mark.Column) - 1;
    }
}
