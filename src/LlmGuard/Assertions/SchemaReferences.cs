using System.Text.Json;
using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary>
/// What a suite's JSON Schema may refer to and match with: <c>$ref</c> only inside the schema (<c>#…</c>), never a file or
/// a URL, and no <c>$id</c> that would make an inner reference resolve against another document; every <c>pattern</c> and
/// <c>patternProperties</c> name a valid .NET regular expression (they run with the run's regex timeout).
/// </summary>
internal static class SchemaReferences
{
    // Keywords whose values are data, not schemas.
    private static readonly string[] DataKeywords = ["enum", "const", "default", "examples", "example"];

    // Keywords whose values map names to schemas, so their members are names, not keywords.
    private static readonly string[] NameMapKeywords = ["properties", "definitions", "$defs", "dependencies", "dependentSchemas"];

    /// <summary>Why a reference (<c>$ref</c> value) may not be followed, or null when it points inside the schema.</summary>
    public static string? ReferenceProblem(string reference) =>
        reference.StartsWith('#')
            ? null
            : $"the reference '{reference}' points outside the schema: only references inside it ('#/…') are followed, so checking a suite never reads a file or reaches the network";

    /// <summary>The first problem in a schema, with its JSON path, or null.</summary>
    public static string? FindProblem(JsonElement schema) => Find(schema, "#", isNameMap: false);

    private static string? Find(JsonElement element, string path, bool isNameMap)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (Find(item, $"{path}/{index++}", isNameMap: false) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = $"{path}/{property.Name}";
            var problem = isNameMap ? Find(property.Value, propertyPath, isNameMap: false) : property.Name switch
            {
                "$ref" when property.Value.ValueKind == JsonValueKind.String => ReferenceProblem(property.Value.GetString()!) is { } reference ? $"{propertyPath}: {reference}" : null,
                "$id" or "id" when property.Value.ValueKind == JsonValueKind.String && Uri.TryCreate(property.Value.GetString(), UriKind.Absolute, out _) =>
                    $"{propertyPath}: an absolute '{property.Name}' would make references resolve against another document; leave it out",
                "pattern" when property.Value.ValueKind == JsonValueKind.String => PatternProblem(property.Value.GetString()!, propertyPath),
                "patternProperties" when property.Value.ValueKind == JsonValueKind.Object =>
                    property.Value.EnumerateObject().Select(pattern => PatternProblem(pattern.Name, $"{propertyPath}/{pattern.Name}")).FirstOrDefault(found => found is not null)
                    ?? Find(property.Value, propertyPath, isNameMap: true),
                _ when DataKeywords.Contains(property.Name, StringComparer.Ordinal) => null,
                _ => Find(property.Value, propertyPath, NameMapKeywords.Contains(property.Name, StringComparer.Ordinal)),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? PatternProblem(string pattern, string path)
    {
        try
        {
            RegexCache.Get(pattern);
            return null;
        }
        catch (ArgumentException exception)
        {
            return $"{path}: the pattern is not a valid .NET regular expression: {exception.Message}";
        }
    }
}
