using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LlmGuard.Reporting;

/// <summary>Outside text as HTML text or attribute content: markup characters encoded, control characters made visible.</summary>
internal static class HtmlText
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The text encoded for an HTML element or a quoted attribute; line breaks are kept.</summary>
    public static string Encode(string text)
    {
        var visible = ReportText.Visible(text);
        // The encoder writes line feeds as character references; inside <pre> a plain line feed reads the same and is smaller.
        return Encoder.Encode(visible).Replace("&#xA;", "\n", StringComparison.Ordinal);
    }
}
