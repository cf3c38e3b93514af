namespace LlmGuard.Text;

/// <summary>Line-ending normalization shared by scrubbing, comparison, diffs and assertions.</summary>
internal static class LineEndings
{
    /// <summary>Turns CRLF and lone CR into LF.</summary>
    public static string ToLf(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
}
