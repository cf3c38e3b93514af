using System.Collections.Concurrent;
using System.Text.Json;
using NJsonSchema;

namespace LlmGuard.Assertions;

/// <summary>Parsed JSON Schemas keyed by their text, so each schema is read once however many outputs it checks.</summary>
internal static class JsonSchemaCache
{
    private static readonly string[] KnownTypes = ["string", "number", "integer", "boolean", "object", "array", "null"];

    // Keywords whose values are data, not schemas, so a "type" member inside them is not a schema's type.
    private static readonly string[] DataKeywords = ["enum", "const", "default", "examples", "example"];

    // Keywords whose values map names to schemas, so their members are names, not keywords.
    private static readonly string[] NameMapKeywords = ["properties", "patternProperties", "definitions", "$defs", "dependencies", "dependentSchemas"];

    private static readonly ConcurrentDictionary<string, Lazy<CachedSchema>> Cache = new(StringComparer.Ordinal);

    /// <summary>The parsed schema, or why it cannot be used.</summary>
    public static CachedSchema Get(string schemaJson) =>
        Cache.GetOrAdd(schemaJson, static text => new Lazy<CachedSchema>(() => Parse(text), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private static CachedSchema Parse(string schemaJson)
    {
        JsonValueKind rootKind;
        try
        {
            using var document = JsonDocument.Parse(schemaJson);
            rootKind = document.RootElement.ValueKind;
            if (rootKind is JsonValueKind.True or JsonValueKind.False)
            {
                return new CachedSchema(null, rootKind == JsonValueKind.True, null);
            }

            if (rootKind != JsonValueKind.Object)
            {
                return Invalid($"a JSON Schema must be an object or a boolean, not {Article(rootKind)}");
            }

            if (FindUnknownType(document.RootElement, "#") is { } unknownType)
            {
                return Invalid(unknownType);
            }

            if (SchemaReferences.FindProblem(document.RootElement) is { } reference)
            {
                return Invalid(reference);
            }
        }
        catch (JsonException exception)
        {
            return Invalid($"the schema is not valid JSON: {exception.Message}");
        }

        try
        {
            // Task.Run keeps a caller's synchronization context out of NJsonSchema's asynchronous reader.
            var schema = Task.Run(() => JsonSchema.FromJsonAsync(schemaJson, documentPath: null, root => new LocalReferencesOnly(root))).GetAwaiter().GetResult();
            return new CachedSchema(schema, null, null);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Invalid($"NJsonSchema cannot read the schema: {exception.Message}");
        }
    }

    private static string? FindUnknownType(JsonElement schema, string path, bool isNameMap = false)
    {
        if (schema.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in schema.EnumerateArray())
            {
                if (FindUnknownType(item, $"{path}/{index++}") is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in schema.EnumerateObject())
        {
            var propertyPath = $"{path}/{property.Name}";
            if (isNameMap)
            {
                // Under 'properties' and the like, a member named "type" is a property's schema, not the keyword.
                if (FindUnknownType(property.Value, propertyPath) is { } inNamedSchema)
                {
                    return inNamedSchema;
                }
            }
            else if (property.Name == "type" && property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                return $"{propertyPath}: 'type' must be a type name or a list of type names (one of {string.Join(", ", KnownTypes)}), not {property.Value.GetRawText()}";
            }
            else if (property.Name == "type")
            {
                var names = property.Value.ValueKind == JsonValueKind.String ? [property.Value] : property.Value.EnumerateArray().ToArray();
                foreach (var name in names)
                {
                    if (name.ValueKind != JsonValueKind.String || !KnownTypes.Contains(name.GetString(), StringComparer.Ordinal))
                    {
                        return $"{propertyPath}: unknown type {name.GetRawText()} (expected one of {string.Join(", ", KnownTypes)})";
                    }
                }
            }
            else if (!DataKeywords.Contains(property.Name, StringComparer.Ordinal)
                && FindUnknownType(property.Value, propertyPath, NameMapKeywords.Contains(property.Name, StringComparer.Ordinal)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "null",
    };

    private static CachedSchema Invalid(string message) => new(null, null, message);
}
