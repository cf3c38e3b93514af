using System.Text.Json;
using System.Text.Unicode;

namespace LlmGuard.Providers.Http;

/// <summary>
/// Checks a model server's successful chat answer before an SDK reads it, so a malformed one becomes a
/// <c>malformed-response</c> provider error with a message of ours rather than whatever the SDK happens to throw (an index
/// out of range for <c>"choices": []</c>, a null reference for a missing message, a transcoding error for invalid UTF-8 or an
/// unpaired UTF-16 surrogate). The body must be UTF-8 JSON whose every text is valid UTF-16; an OpenAI answer needs at
/// least one choice with a message, an Ollama answer a message.
/// </summary>
internal static class AnswerShape
{
    /// <summary>What is wrong with the answer, or null when it has the expected shape.</summary>
    public static string? Problem(ReadOnlySpan<byte> body, bool ollama)
    {
        if (!Utf8.IsValid(body))
        {
            return "it is not valid UTF-8";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException exception)
        {
            return $"it is not the JSON expected: {exception.Message}";
        }

        using (document)
        {
            if (FindInvalidText(document.RootElement) is { } path)
            {
                return $"its text at {path} holds an unpaired UTF-16 surrogate";
            }

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "it is not a JSON object";
            }

            if (ollama)
            {
                return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object ? null : "it has no 'message'";
            }

            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return "it has no 'choices'";
            }

            return choices[0].TryGetProperty("message", out var first) && first.ValueKind == JsonValueKind.Object ? null : "its first choice has no 'message'";
        }
    }

    private static string? FindInvalidText(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValidText(element) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (FindInvalidText(property.Value, $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool IsValidText(JsonElement element)
    {
        try
        {
            element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
