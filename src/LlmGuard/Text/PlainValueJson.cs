using System.Text.Json;

namespace LlmGuard.Text;

/// <summary>Writes the plain values produced from YAML (strings, numbers, booleans, lists, sorted maps) as JSON.</summary>
internal static class PlainValueJson
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case long integer: writer.WriteNumberValue(integer); break;
            case int integer: writer.WriteNumberValue(integer); break;
            case double real: writer.WriteNumberValue(real); break;
            case RawJson raw: writer.WriteRawValue(raw.Json); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"Cannot write {value.GetType()} as JSON.", nameof(value));
        }
    }
}
