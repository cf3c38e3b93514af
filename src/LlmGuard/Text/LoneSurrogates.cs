using System.Text;

namespace LlmGuard.Text;

/// <summary>
/// Unpaired UTF-16 surrogates (which a model or a custom provider can produce, and which UTF-8 cannot encode) replaced with
/// U+FFFD, the replacement character, as UTF-8 encoders do: the text that is compared is then exactly the text a snapshot
/// file holds.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>The text with each unpaired surrogate replaced; the same instance when there is none.</summary>
    public static string Replace(string text, out int replaced)
    {
        replaced = 0;
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var index = first; index < text.Length; index++)
        {
            var character = text[index];
            if (char.IsHighSurrogate(character) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
            {
                builder.Append(character).Append(text[++index]);
            }
            else if (char.IsSurrogate(character))
            {
                builder.Append('\uFFFD');
                replaced++;
            }
            else
            {
                builder.Append(character);
            }
        }

        return replaced == 0 ? text : builder.ToString();
    }
}
