using System.Globalization;
using System.Text.Json;
using LlmGuard.Suites;
using LlmGuard.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>
/// Reads typed values out of YAML nodes of one file, collecting diagnostics with exact positions
/// instead of throwing, so one pass reports every problem in the file.
/// </summary>
internal sealed class YamlNodeReader(string displayPath, List<SuiteDiagnostic> diagnostics, string source = "")
{
    // Both keep diagnostics linear in their number: 50,000 errors in one file once took minutes.
    private readonly HashSet<SuiteDiagnostic> reported = [.. diagnostics];
    private int[]? lineStarts;

    public string DisplayPath { get; } = displayPath;

    /// <summary>The decoded text of the file, which node marks index into.</summary>
    public string Source { get; } = source;

    public int ErrorCount { get; private set; }

    public SourceLocation LocationOf(YamlNode node) => LocationOf(node.Start);

    public SourceLocation LocationOf(Mark mark) => new(DisplayPath, (int)mark.Line, (int)mark.Column);

    public void Error(YamlNode node, string code, string message) => Error(LocationOf(node), code, message);

    public void Error(SourceLocation location, string code, string message) =>
        Report(new SuiteDiagnostic(DiagnosticSeverity.Error, code, message, location));

    public void Report(DiagnosticSeverity severity, YamlNode node, string code, string message) =>
        Report(new SuiteDiagnostic(severity, code, message, LocationOf(node)));

    /// <summary>
    /// The location of a character offset into <see cref="Source"/>, counted like YamlDotNet's marks
    /// (a CR LF pair ends one line).
    /// </summary>
    public SourceLocation LocationOfOffset(int offset)
    {
        lineStarts ??= LineStarts(Source);
        var found = Array.BinarySearch(lineStarts, Math.Min(offset, Source.Length));
        var line = found >= 0 ? found : ~found - 1;
        return new SourceLocation(DisplayPath, line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>The offset at which each line starts (index 0 is line 1), built once per file.</summary>
    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var index = 0; index < text.Length; index++)
        {
            if (text[index] == '\n' || (text[index] == '\r' && (index + 1 >= text.Length || text[index + 1] != '\n')))
            {
                starts.Add(index + 1);
            }
        }

        return [.. starts];
    }

    private void Report(SuiteDiagnostic diagnostic)
    {
        // A problem in 'defaults' is found again for every case; say it once.
        if (!reported.Add(diagnostic))
        {
            return;
        }

        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            ErrorCount++;
        }

        diagnostics.Add(diagnostic);
    }

    /// <summary>
    /// Reads a mapping, reporting keys outside <paramref name="knownKeys"/> with a "did you mean" suggestion.
    /// Returns null (after reporting) when the node is not a mapping. <paramref name="refusedKeys"/> are kept in the result
    /// for the caller to refuse with a better message, and are never suggested or listed as allowed.
    /// </summary>
    public IReadOnlyDictionary<string, YamlNode>? Mapping(YamlNode node, string what, IReadOnlyCollection<string> knownKeys, IReadOnlyCollection<string>? refusedKeys = null)
    {
        if (node is not YamlMappingNode mapping)
        {
            Error(node, DiagnosticCodes.WrongType, $"{what} must be a mapping (key: value pairs), not {Describe(node)}.");
            return null;
        }

        var result = new Dictionary<string, YamlNode>(mapping.Children.Count, StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, DiagnosticCodes.WrongType, $"Keys in {what} must be plain names.");
                continue;
            }

            if (!knownKeys.Contains(key) && refusedKeys?.Contains(key) != true)
            {
                Error(keyNode, DiagnosticCodes.UnknownKey, UnknownKeyMessage(key, what, knownKeys));
                continue;
            }

            result[key] = valueNode;
        }

        return result;
    }

    public static string UnknownKeyMessage(string key, string what, IReadOnlyCollection<string> knownKeys)
    {
        var suggestion = Suggestions.Closest(key, knownKeys);
        return suggestion is null
            ? $"Unknown key '{key}' in {what}. Allowed keys: {string.Join(", ", knownKeys.Order(StringComparer.Ordinal))}."
            : $"Unknown key '{key}' in {what}. Did you mean '{suggestion}'?";
    }

    public bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public string? String(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar)
        {
            return IsNull(node) ? null : scalar.Value;
        }

        Error(node, DiagnosticCodes.WrongType, $"'{field}' must be text, not {Describe(node)}.");
        return null;
    }

    public string? RequiredString(IReadOnlyDictionary<string, YamlNode> map, string field, YamlNode owner, string what)
    {
        if (!map.TryGetValue(field, out var node))
        {
            Error(owner, DiagnosticCodes.MissingKey, $"{what} is missing the required key '{field}'.");
            return null;
        }

        var value = String(node, field);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Error(node, DiagnosticCodes.InvalidValue, $"'{field}' must not be empty.");
            return null;
        }

        if (value is null && IsNull(node))
        {
            Error(node, DiagnosticCodes.MissingKey, $"'{field}' must have a value.");
        }

        return value;
    }

    public long? Integer(YamlNode node, string field, long min, long max)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text }
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min || value > max)
            {
                Error(node, DiagnosticCodes.OutOfRange, $"'{field}' must be between {min} and {max}, not {value}.");
                return null;
            }

            return value;
        }

        Error(node, DiagnosticCodes.WrongType, $"'{field}' must be a whole number, not {Describe(node)}.");
        return null;
    }

    public double? Number(YamlNode node, string field, double min, double max)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            if (value < min || value > max)
            {
                Error(node, DiagnosticCodes.OutOfRange,
                    $"'{field}' must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, not {text}.");
                return null;
            }

            return value;
        }

        Error(node, DiagnosticCodes.WrongType, $"'{field}' must be a number, not {Describe(node)}.");
        return null;
    }

    public bool? Boolean(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text })
        {
            switch (text)
            {
                case "true" or "True" or "TRUE": return true;
                case "false" or "False" or "FALSE": return false;
            }
        }

        Error(node, DiagnosticCodes.WrongType, $"'{field}' must be true or false, not {Describe(node)}.");
        return null;
    }

    /// <summary>Reads a list of texts; a single text is accepted as a list of one.</summary>
    public List<(string Value, YamlNode Node)> StringList(YamlNode node, string field)
    {
        var result = new List<(string, YamlNode)>();
        if (node is YamlScalarNode && !IsNull(node))
        {
            if (String(node, field) is { } single)
            {
                result.Add((single, node));
            }

            return result;
        }

        if (IsNull(node))
        {
            return result;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Error(node, DiagnosticCodes.WrongType, $"'{field}' must be a list of texts, not {Describe(node)}.");
            return result;
        }

        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar && !IsNull(item))
            {
                result.Add((scalar.Value ?? "", item));
            }
            else
            {
                Error(item, DiagnosticCodes.WrongType, $"Items of '{field}' must be texts, not {Describe(item)}.");
            }
        }

        return result;
    }

    public TimeSpan? Duration(YamlNode node, string field)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            var (number, scale) = text switch
            {
                _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
                _ when text.EndsWith('s') => (text[..^1], 1.0),
                _ when text.EndsWith('m') => (text[..^1], 60.0),
                _ => (text, 1.0),
            };
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value))
            {
                return TimeSpan.FromSeconds(value * scale);
            }
        }

        Error(node, DiagnosticCodes.WrongType, $"'{field}' must be a positive duration such as 30, 30s, 500ms or 2m, not {Describe(node)}.");
        return null;
    }

    /// <summary>
    /// Converts a YAML node to a plain value: string, bool, long, double, null, list or sorted dictionary.
    /// Keys that are not plain texts are reported and left out.
    /// </summary>
    public object? PlainValue(YamlNode node) => node switch
    {
        YamlScalarNode scalar when scalar.Style != ScalarStyle.Plain => scalar.Value,
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlScalarNode { Value: "true" or "True" or "TRUE" } => true,
        YamlScalarNode { Value: "false" or "False" or "FALSE" } => false,
        YamlScalarNode { Value: { } text } when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => integer,
        YamlScalarNode { Value: { } text } when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real) => real,
        YamlScalarNode scalar => scalar.Value,
        YamlSequenceNode sequence => sequence.Children.Select(PlainValue).ToList(),
        YamlMappingNode mapping => PlainMapping(mapping),
        _ => null,
    };

    private SortedDictionary<string, object?> PlainMapping(YamlMappingNode mapping)
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                Error(keyNode, DiagnosticCodes.WrongType, $"Keys must be plain names, not {Describe(keyNode)}.");
                continue;
            }

            if (result.ContainsKey(key))
            {
                Error(keyNode, DiagnosticCodes.InvalidValue, $"The key '{key}' appears twice in this mapping.");
                continue;
            }

            result[key] = PlainValue(valueNode);
        }

        return result;
    }

    /// <summary>Writes a YAML node as JSON (used for JSON Schemas written in YAML).</summary>
    public static string ToJson(YamlNode node, YamlNodeReader reader)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            PlainValueJson.Write(writer, reader.PlainValue(node));
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => "an empty value",
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => $"'{scalar.Value}'",
        YamlScalarNode scalar => $"the text \"{scalar.Value}\"",
        _ => "an alias",
    };
}
