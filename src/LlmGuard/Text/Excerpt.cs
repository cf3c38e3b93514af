using System.Text;

namespace LlmGuard.Text;

/// <summary>Short, single-line excerpts of outputs for messages; lengths are counted in Unicode scalar values.</summary>
internal static class Excerpt
{
    /// <summary>The longest excerpt, in characters, before an ellipsis.</summary>
    public const int MaxLength = 120;

    private const int ContextBefore = 40;

    /// <summary>The number of Unicode scalar values in a text (a surrogate pair counts once).</summary>
    public static int CountCharacters(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return span.Length;
        }

        var count = first;
        for (var index = first; index < span.Length; index++)
        {
            if (char.IsHighSurrogate(span[index]) && index + 1 < span.Length && char.IsLowSurrogate(span[index + 1]))
            {
                index++;
            }

            count++;
        }

        return count;
    }

    /// <summary>The 1-based character position of a UTF-16 index.</summary>
    public static int CharacterPosition(string text, int index) => CountCharacters(text[..index]) + 1;

    /// <summary>The start of a text, escaped and bounded.</summary>
    public static string Of(string text) => Around(text, 0);

    /// <summary>About <see cref="MaxLength"/> characters starting a little before <paramref name="index"/>, escaped, with ellipses where cut.</summary>
    public static string Around(string text, int index)
    {
        var start = AlignToCharacter(text, Math.Max(0, index - ContextBefore));
        var end = start;
        var taken = 0;
        while (end < text.Length && taken < MaxLength)
        {
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
            taken++;
        }

        var builder = new StringBuilder();
        if (start > 0)
        {
            builder.Append('…');
        }

        AppendEscaped(builder, text.AsSpan(start, end - start));
        if (end < text.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>Cuts a line to at most <paramref name="maxLength"/> UTF-16 units without splitting a surrogate pair.</summary>
    public static int SafeCut(string text, int maxLength) => maxLength >= text.Length ? text.Length : AlignToCharacter(text, maxLength);

    private static int AlignToCharacter(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;

    private static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text)
    {
        foreach (var character in text)
        {
            switch (character)
            {
                case '\n':
                    builder.Append('⏎');
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case var other when OutsideText.IsUnsafe(other):
                    OutsideText.AppendEscape(builder, other);
                    break;
                default:
                    builder.Append(character);
                    break;
            }
        }
    }
}
