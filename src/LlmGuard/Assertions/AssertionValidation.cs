using LlmGuard.Text;

namespace LlmGuard.Assertions;

/// <summary>Checks of assertion arguments made when a suite is loaded, so that a broken pattern or schema is reported at its declaration.</summary>
internal static class AssertionValidation
{
    /// <summary>Checks that a pattern is a valid .NET regular expression.</summary>
    /// <returns>Null when it is valid, else the .NET parser's message.</returns>
    public static string? ValidateRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            RegexCache.Get(pattern);
            return null;
        }
        catch (ArgumentException exception)
        {
            return $"invalid regular expression \"{pattern}\": {exception.Message}";
        }
    }

    /// <summary>
    /// Checks that a text is a usable JSON Schema: valid JSON, an object or a boolean, every <c>type</c> one of the seven JSON Schema
    /// types, and readable by NJsonSchema (which also resolves local <c>$ref</c>s).
    /// </summary>
    /// <returns>Null when it is usable, else why not.</returns>
    public static string? ValidateJsonSchema(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        return JsonSchemaCache.Get(schemaJson).Error is { } error ? $"invalid JSON Schema: {error}" : null;
    }
}
