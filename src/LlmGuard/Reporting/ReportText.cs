using System.Globalization;
using System.Text;

namespace LlmGuard.Reporting;

/// <summary>Text from outside (model outputs, messages, ids) made safe to show: visible control characters, bounded length.</summary>
internal static class ReportText
{
    /// <summary>
    /// Replaces what a reader cannot see or what could act on a terminal or document: C0 controls other than tab and line
    /// feed (NUL → ␀, ESC → ␛, CR → ␍), DEL (␡), C1 controls and unpaired surrogates (U+FFFD), and the bidirectional
    /// overrides and isolates that can reorder displayed text (shown as <c>⟨U+202E⟩</c>). Also true when nothing changed.
    /// </summary>
    public static string Visible(string text) => Visible(text, out _);

    /// <summary>As <see cref="Visible(string)"/>; <paramref name="replaced"/> says whether any character was replaced.</summary>
    public static string Visible(string text, out bool replaced)
    {
        replaced = false;
        var index = FirstToReplace(text);
        if (index < 0)
        {
            return text;
        }

        replaced = true;
        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, index);
        for (var i = index; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (c is '\n' or '\t')
            {
                builder.Append(c);
            }
            else if (c < 0x20)
            {
                builder.Append((char)(0x2400 + c));
            }
            else if (c == 0x7F)
            {
                builder.Append('\u2421');
            }
            else if (c is >= '\u0080' and <= '\u009F' || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                builder.Append('\uFFFD');
            }
            else if (IsBidiControl(c))
            {
                builder.Append("⟨U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('⟩');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> UTF-16 units of <paramref name="text"/>, cut at the last line break in the last
    /// tenth when there is one and never inside a surrogate pair; <paramref name="cut"/> is how many units were left out.
    /// </summary>
    public static string Truncate(string text, int maxLength, out int cut)
    {
        if (text.Length <= maxLength)
        {
            cut = 0;
            return text;
        }

        var end = maxLength;
        var lineBreak = text.LastIndexOf('\n', end - 1, Math.Min(end, maxLength / 10 + 1));
        if (lineBreak > 0)
        {
            end = lineBreak + 1;
        }
        else if (char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        cut = text.Length - end;
        return text[..end];
    }

    /// <summary>One line: line breaks and tabs become spaces, controls become visible, at most <paramref name="maxLength"/> characters with an ellipsis.</summary>
    public static string OneLine(string text, int maxLength = 300)
    {
        var line = Visible(text).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\t', ' ');
        var truncated = Truncate(line, maxLength, out var cut);
        return cut > 0 ? truncated + "…" : truncated;
    }

    /// <summary>The number of cases in words, e.g. <c>1 case</c>, <c>3 cases</c>.</summary>
    public static string Cases(int count) => count == 1 ? "1 case" : $"{count.ToString(CultureInfo.InvariantCulture)} cases";

    /// <summary>A duration in milliseconds as seconds with three decimals, e.g. <c>0.012</c>.</summary>
    public static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    private static int FirstToReplace(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if ((c < 0x20 && c is not '\n' and not '\t') || c is >= '\u007F' and <= '\u009F' || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || IsBidiControl(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
