using System.Text.Json;
using System.Text.Unicode;

namespace LlmGuard.Providers.Http;

/// <summary>
/// Checks a model server's successful chat answer before an SDK reads it, so a malformed one becomes a
/// <c>malformed-response</c> provider error with a message of ours rather than whatever the SDK happens to throw (an index
/// out of range for <c>"choices": []</c>, a null reference for a missing message, a transcoding error for invalid UTF-8 or an
/// unpaired UTF-16 surrogate). The body must be UTF-8 JSON whose every text is valid UTF-16; an OpenAI answer needs at
/// least one choice with a message, an Ollama answer a message. One forward pass, allocating only escaped texts.
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

        var shape = new Shape();
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsValidText(ref reader))
                {
                    return "one of its texts holds an unpaired UTF-16 surrogate";
                }

                shape.Observe(ref reader);
            }
        }
        catch (JsonException exception)
        {
            return $"it is not the JSON expected: {exception.Message}";
        }

        return !shape.RootIsObject ? "it is not a JSON object"
            : ollama ? (shape.HasMessage ? null : "it has no 'message'")
            : shape.Choices == 0 ? "it has no 'choices'"
            : shape.FirstChoiceHasMessage ? null : "its first choice has no 'message'";
    }

    private static bool IsValidText(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Follows the tokens far enough to see the root, <c>message</c> and <c>choices[0].message</c>.</summary>
    private struct Shape
    {
        private bool nextIsChoices;
        private bool nextIsMessage;
        private bool inChoices;
        private bool nextIsFirstChoiceMessage;

        public bool RootIsObject { get; private set; }

        public bool HasMessage { get; private set; }

        public int Choices { get; private set; }

        public bool FirstChoiceHasMessage { get; private set; }

        public void Observe(ref Utf8JsonReader reader)
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when depth == 0:
                    RootIsObject = true;
                    break;
                case JsonTokenType.PropertyName when depth == 1:
                    nextIsChoices = reader.ValueTextEquals("choices"u8);
                    nextIsMessage = reader.ValueTextEquals("message"u8);
                    break;
                case JsonTokenType.StartArray when depth == 1:
                    inChoices = nextIsChoices;
                    break;
                case JsonTokenType.EndArray when depth == 1:
                    inChoices = false;
                    break;
                case JsonTokenType.StartObject when depth == 1 && nextIsMessage:
                    HasMessage = true;
                    break;
                case JsonTokenType.PropertyName when depth == 3 && inChoices && Choices == 1:
                    nextIsFirstChoiceMessage = reader.ValueTextEquals("message"u8);
                    break;
                case JsonTokenType.StartObject when depth == 3 && inChoices && Choices == 1 && nextIsFirstChoiceMessage:
                    FirstChoiceHasMessage = true;
                    break;
                case not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName or JsonTokenType.Comment) when depth == 2 && inChoices:
                    Choices++;
                    break;
            }
        }
    }
}
