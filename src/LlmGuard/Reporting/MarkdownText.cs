using System.Net;
using System.Text;

namespace LlmGuard.Reporting;

/// <summary>Outside text made inert in GitHub-flavoured Markdown: no HTML, no emphasis, links (autolinks included), tables or mentions it did not mean.</summary>
internal static class MarkdownText
{
    /// <summary>One line of text for a paragraph, list item, heading or table cell.</summary>
    public static string Inline(string text, int maxLength = 300)
    {
        var line = ReportText.OneLine(text, maxLength);
        var builder = new StringBuilder(line.Length + 8);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '@': builder.Append("&#64;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '~' or '#' or '!' or '$':
                    builder.Append('\\').Append(c);
                    break;

                // GitHub links bare URLs ("https:", "mailto:") and "www." on its own: an escaped ':' or '.' is plain text.
                case ':':
                    builder.Append("\\:");
                    break;
                case '.' when StartsWebAddress(line, i):
                    builder.Append("\\.");
                    break;
                default: builder.Append(c); break;
            }
        }

        // A line that starts like a list item, a numbered item or a block quote stays text.
        if (builder.Length > 0 && builder[0] is '-' or '+' or '=')
        {
            builder.Insert(0, '\\');
        }
        else if (NumberedItemMarker(builder) is { } marker)
        {
            builder.Insert(marker, '\\');
        }

        return builder.ToString();
    }

    /// <summary>One line of text inside an HTML element (e.g. <c>&lt;summary&gt;</c>), where Markdown is not read.</summary>
    public static string Html(string text, int maxLength = 300) => WebUtility.HtmlEncode(ReportText.OneLine(text, maxLength)).Replace("@", "&#64;", StringComparison.Ordinal);

    /// <summary>
    /// A fenced code block holding <paramref name="text"/> verbatim (control characters made visible): the fence is longer
    /// than any run of backticks in the text, so nothing inside can close it.
    /// </summary>
    public static string Fence(string text, string info)
    {
        var content = ReportText.Visible(text);
        var longest = 0;
        var run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        return fence + info + "\n" + content + (content.EndsWith('\n') ? "" : "\n") + fence + "\n";
    }

    /// <summary>Whether the '.' at <paramref name="dot"/> ends a "www" that starts a word (GitHub's extended autolink).</summary>
    private static bool StartsWebAddress(string line, int dot) =>
        dot >= 3 && line.AsSpan(dot - 3, 3).Equals("www", StringComparison.OrdinalIgnoreCase) && (dot == 3 || !char.IsLetterOrDigit(line[dot - 4]));

        /// <summary>Where the '.' or ')' of a leading "12." or "3)" is, or null.</summary>
    private static int? NumberedItemMarker(StringBuilder builder)
    {
        var i = 0;
        while (i < builder.Length && i < 10 && char.IsAsciiDigit(builder[i]))
        {
            i++;
        }

        return i > 0 && i < builder.Length && builder[i] is '.' or ')' ? i : null;
    }
}
