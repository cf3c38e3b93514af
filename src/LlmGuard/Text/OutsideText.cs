using System.Buffers;
using System.Globalization;
using System.Text;

namespace LlmGuard.Text;

/// <summary>
/// The one escaping function for everything printed that comes from outside the tool — suite text, file names, model and
/// server answers, exception messages: control characters (ESC sequences that would recolour, retitle or clear a terminal,
/// bells, backspaces, carriage returns, line feeds) and the Unicode line and paragraph separators are shown as
/// <c>\u001B</c>-style escapes, so outside text never starts a new output line, never forges a <c>file:line:col: error</c>
/// line in a CI log and never drives the reader's terminal. Tabs stay. Escape the outside pieces when a message is composed,
/// so the tool's own multi-line messages keep their lines.
/// </summary>
internal static class OutsideText
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(UnsafeCharacters());

    /// <summary>The text with every unsafe character escaped; the same instance when there is none.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (var index = first; index < text.Length; index++)
        {
            var character = text[index];
            if (Unsafe.Contains(character))
            {
                AppendEscape(builder, character);
            }
            else
            {
                builder.Append(character);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether <see cref="Escape"/> would escape this character.</summary>
    public static bool IsUnsafe(char character) => Unsafe.Contains(character);

    /// <summary>Appends a character's escape, e.g. <c>\u001B</c> for ESC.</summary>
    public static void AppendEscape(StringBuilder builder, char character) =>
        builder.Append("\\u").Append(((int)character).ToString("X4", CultureInfo.InvariantCulture));

    private static char[] UnsafeCharacters()
    {
        var characters = new List<char>();
        for (var code = 0; code <= 0xFFFF; code++)
        {
            var character = (char)code;
            if ((char.IsControl(character) && character != '\t') || character is '\u2028' or '\u2029' or '\u0085')
            {
                characters.Add(character);
            }
        }

        return [.. characters];
    }
}
