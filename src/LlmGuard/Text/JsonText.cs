using System.Text.Json;

namespace LlmGuard.Text;

/// <summary>
/// Reads a model output as JSON. Models often wrap JSON in a Markdown code fence (<c>```json … ```</c>),
/// so a fence enclosing the whole output (surrounding whitespace allowed, info string empty or <c>json</c>) is removed first.
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions StrictOptions = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The text inside an enclosing Markdown code fence, or the text itself when there is none.</summary>
    public static string StripCodeFence(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return text;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var closingStart = trimmed.Length - 3;
        if (firstLineEnd < 0 || firstLineEnd >= closingStart || trimmed[closingStart - 1] != '\n')
        {
            return text;
        }

        var infoString = trimmed[3..firstLineEnd].Trim();
        if (infoString.Length > 0 && !infoString.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        return trimmed[(firstLineEnd + 1)..(closingStart - 1)];
    }

    /// <summary>Parses the whole text (after <see cref="StripCodeFence"/>) as one JSON value.</summary>
    /// <returns>The document, or null with <paramref name="error"/> set to the parser's message.</returns>
    public static JsonDocument? TryParse(string text, out string error)
    {
        try
        {
            error = "";
            return JsonDocument.Parse(StripCodeFence(text), StrictOptions);
        }
        catch (JsonException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    /// <summary>A short name of a JSON value's kind, e.g. "object" or "number".</summary>
    public static string DescribeKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
