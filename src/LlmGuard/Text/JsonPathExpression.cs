using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmGuard.Text;

/// <summary>
/// A JSON path of the simple form that names one value: <c>$</c>, then members (<c>.name</c> or <c>['name']</c> /
/// <c>["name"]</c>) and array indexes (<c>[0]</c>, <c>[-1]</c> from the end). No wildcards, filters or recursion, so a path
/// always selects at most one value.
/// </summary>
internal sealed class JsonPathExpression
{
    private readonly IReadOnlyList<Segment> segments;

    private JsonPathExpression(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        this.segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a path; null with <paramref name="error"/> set when it is not of the supported form.</summary>
    public static JsonPathExpression? TryParse(string text, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = "";
        if (!text.StartsWith('$'))
        {
            error = "a JSON path starts with '$'";
            return null;
        }

        var segments = new List<Segment>();
        var index = 1;
        while (index < text.Length)
        {
            if (text[index] == '.')
            {
                var start = ++index;
                while (index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] is '_' or '-' or '$'))
                {
                    index++;
                }

                if (index == start)
                {
                    error = $"a member name is expected after '.' at position {start + 1}";
                    return null;
                }

                segments.Add(new Segment(text[start..index], null));
                continue;
            }

            if (text[index] != '[')
            {
                error = $"'.' or '[' is expected at position {index + 1}, not '{text[index]}'";
                return null;
            }

            var close = text.IndexOf(']', index);
            if (close < 0)
            {
                error = $"the '[' at position {index + 1} is not closed";
                return null;
            }

            var inside = text[(index + 1)..close].Trim();
            if (inside.Length >= 2 && (inside[0] is '\'' or '"') && inside[^1] == inside[0])
            {
                segments.Add(new Segment(inside[1..^1], null));
            }
            else if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position))
            {
                segments.Add(new Segment(null, position));
            }
            else
            {
                error = $"'[{inside}]' is neither an array index nor a quoted member name (wildcards and filters are not supported)";
                return null;
            }

            index = close + 1;
        }

        return new JsonPathExpression(text, segments);
    }

    /// <summary>The selected value, or null when the path leads nowhere in <paramref name="root"/>.</summary>
    public JsonElement? Select(JsonElement root)
    {
        var current = root;
        foreach (var segment in segments)
        {
            if (segment.Member is { } member)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(member, out var next))
                {
                    return null;
                }

                current = next;
                continue;
            }

            if (current.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var length = current.GetArrayLength();
            var position = segment.Index!.Value < 0 ? length + segment.Index.Value : segment.Index.Value;
            if (position < 0 || position >= length)
            {
                return null;
            }

            current = current[position];
        }

        return current;
    }

    /// <summary>A canonical text of a JSON value: objects with sorted keys, numbers by value, no insignificant whitespace.</summary>
    public static string Canonical(JsonElement element)
    {
        var builder = new StringBuilder();
        WriteCanonical(element, builder);
        return builder.ToString();
    }

    private static void WriteCanonical(JsonElement element, StringBuilder builder)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",").Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    WriteCanonical(property.Value, builder);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    builder.Append(index++ == 0 ? "" : ",");
                    WriteCanonical(item, builder);
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(element.TryGetDecimal(out var number) ? number.ToString("G29", CultureInfo.InvariantCulture) : element.GetRawText());
                break;
            case JsonValueKind.String:
                builder.Append(JsonSerializer.Serialize(element.GetString()));
                break;
            default:
                builder.Append(element.GetRawText());
                break;
        }
    }

    private sealed record Segment(string? Member, int? Index);
}
