using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmGuard.Text;

/// <summary>
/// JSON in one spelling per value: the members of every object sorted by name (ordinal), no insignificant whitespace
/// (or, for display, two-space indentation and LF line ends), numbers as written (JsonElement writes their text), strings escaped only where JSON
/// requires it. Two texts denoting the same value with keys in another order give the same canonical text.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    private static readonly JsonWriterOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private static readonly JsonWriterOptions IndentedOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
    };

    /// <summary>The canonical compact form of a JSON text; false (with the reason) when it is not one valid JSON value or an object repeats a key.</summary>
    public static bool TryCanonicalize(string json, out string canonical, out string error) =>
        TryWrite(json, CompactOptions, requireObject: false, out canonical, out error);

    /// <summary>As <see cref="TryCanonicalize"/>, and the value must be an object (tool-call arguments).</summary>
    public static bool TryCanonicalizeObject(string json, out string canonical, out string error) =>
        TryWrite(json, CompactOptions, requireObject: true, out canonical, out error);

    /// <summary>The canonical form indented for reading (snapshots); the text itself when it is not valid JSON.</summary>
    public static string Indent(string json) => TryWrite(json, IndentedOptions, requireObject: false, out var indented, out _) ? indented : json;

    /// <summary>Writes an element in canonical compact form.</summary>
    public static string Of(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            Write(writer, element);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryWrite(string json, JsonWriterOptions options, bool requireObject, out string result, out string error)
    {
        result = "";
        try
        {
            using var document = JsonDocument.Parse(json, ReadOptions);
            if (requireObject && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"a JSON object was expected, not {Article(JsonText.DescribeKind(document.RootElement.ValueKind))}";
                return false;
            }

            if (FindRepeatedKey(document.RootElement, "$") is { } repeated)
            {
                error = $"the key {repeated} appears twice";
                return false;
            }

            var buffer = new ArrayBufferWriter<byte>(Math.Max(256, json.Length));
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                Write(writer, document.RootElement);
            }

            result = Encoding.UTF8.GetString(buffer.WrittenSpan);
            error = "";
            return true;
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string? FindRepeatedKey(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        return $"\"{property.Name}\" at {path}";
                    }

                    if (FindRepeatedKey(property.Value, $"{path}.{property.Name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindRepeatedKey(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Article(string kind) => kind is "object" or "array" ? $"an {kind}" : $"a {kind}";
}
