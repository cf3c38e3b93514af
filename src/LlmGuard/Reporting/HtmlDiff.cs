using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using LlmGuard.Comparison;

namespace LlmGuard.Reporting;

/// <summary>A side-by-side diff as an HTML table: lines paired, and within a changed line the changed words marked (<c>del.w</c>, <c>ins.w</c>).</summary>
internal static class HtmlDiff
{
    /// <summary>The longest text compared, per side, in UTF-16 units; the rest is left out with a note.</summary>
    public const int MaxCharacters = 100_000;

    /// <summary>
    /// The longest line, in UTF-16 units, whose changed words are marked: the word diff's work grows with the product of a
    /// pair's words, so a longer changed line is marked as a whole (measured: two 8,000-word lines took 0.7 s, quadrupling
    /// with each doubling).
    /// </summary>
    public const int MaxWordDiffLineLength = 2_000;

    /// <summary>
    /// Renders the table comparing <paramref name="baseline"/> (left) with <paramref name="output"/> (right), bounded like
    /// the text diff: at most <see cref="MaxCharacters"/> per side, no line diff when more than
    /// <see cref="SnapshotDiff.MaxComparedLines"/> lines differ (both texts are shown instead, with a note), no word marks in
    /// lines longer than <see cref="MaxWordDiffLineLength"/>.
    /// </summary>
    public static string SideBySide(string baseline, string output, string baselineTitle, string outputTitle)
    {
        var left = ReportText.Truncate(ReportText.Visible(baseline), MaxCharacters, out var leftCut);
        var right = ReportText.Truncate(ReportText.Visible(output), MaxCharacters, out var rightCut);
        var builder = new StringBuilder();
        var differing = SnapshotDiff.DifferingLines(left, right);
        if (differing > SnapshotDiff.MaxComparedLines)
        {
            builder.Append("<p class=\"note\">Diff truncated: ").Append(differing.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" lines differ, more than the ").Append(SnapshotDiff.MaxComparedLines.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" compared line by line; both texts are shown as they are, and the JSON report and the snapshot files hold the whole text.</p>");
            foreach (var (title, text) in new[] { (baselineTitle, left), (outputTitle, right) })
            {
                builder.Append("<p class=\"note\">").Append(HtmlText.Encode(title)).Append(":</p><pre class=\"output\">").Append(HtmlText.Encode(text)).Append("</pre>");
            }

            return builder.ToString();
        }

        var words = new BoundedWordChunker();
        var model = SideBySideDiffBuilder.Diff(Differ.Instance, left, right, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance, words);
        builder.Append("<table class=\"diff\"><colgroup><col class=\"ln\"><col><col class=\"ln\"><col></colgroup><thead><tr><th></th><th>")
            .Append(HtmlText.Encode(baselineTitle)).Append("</th><th></th><th>").Append(HtmlText.Encode(outputTitle)).Append("</th></tr></thead><tbody>");
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            builder.Append("<tr>");
            AppendSide(builder, i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null, "old");
            AppendSide(builder, i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null, "new");
            builder.Append("</tr>");
        }

        builder.Append("</tbody></table>");
        if (leftCut > 0 || rightCut > 0)
        {
            builder.Append("<p class=\"note\">Only the first ").Append(MaxCharacters.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" characters of each side are compared here; the JSON report and the snapshot files hold the whole text.</p>");
        }

        if (words.CutLines > 0)
        {
            builder.Append("<p class=\"note\">Diff truncated: changed words are not marked in lines longer than ")
                .Append(MaxWordDiffLineLength.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters; such a line is marked as a whole.</p>");
        }

        return builder.ToString();
    }

    private static void AppendSide(StringBuilder builder, DiffPiece? line, string side)
    {
        var type = line?.Type ?? ChangeType.Imaginary;
        var css = type.ToString().ToLowerInvariant();
        builder.Append("<td class=\"ln\">").Append(line?.Position?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td>");
        builder.Append("<td class=\"code ").Append(css).Append(' ').Append(side).Append("\">");
        if (line is null || type == ChangeType.Imaginary)
        {
            builder.Append("</td>");
            return;
        }

        if (type != ChangeType.Modified || line.SubPieces.Count == 0)
        {
            builder.Append(HtmlText.Encode(line.Text ?? ""));
        }
        else
        {
            AppendWords(builder, line.SubPieces);
        }

        builder.Append("</td>");
    }

    /// <summary>The words of a changed line, runs of changed words (with the spaces between them) in one mark.</summary>
    private static void AppendWords(StringBuilder builder, IReadOnlyList<DiffPiece> pieces)
    {
        var run = new StringBuilder();
        string? open = null;
        void Close()
        {
            if (open is not null)
            {
                builder.Append('<').Append(open).Append(" class=\"w\">").Append(HtmlText.Encode(run.ToString())).Append("</").Append(open).Append('>');
                run.Clear();
                open = null;
            }
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var tag = piece.Type switch
            {
                ChangeType.Deleted => "del",
                ChangeType.Inserted => "ins",
                ChangeType.Modified => "mark",
                _ => null,
            };
            if (piece.Type == ChangeType.Imaginary)
            {
                continue;
            }

            var bridgesRun = tag is null && open is not null && string.IsNullOrWhiteSpace(piece.Text)
                && i + 1 < pieces.Count && pieces[i + 1].Type is ChangeType.Deleted or ChangeType.Inserted or ChangeType.Modified;
            if (bridgesRun)
            {
                run.Append(piece.Text);
                continue;
            }

            if (tag != open)
            {
                Close();
            }

            if (tag is null)
            {
                builder.Append(HtmlText.Encode(piece.Text ?? ""));
            }
            else
            {
                open = tag;
                run.Append(piece.Text);
            }
        }

        Close();
    }

    /// <summary>Words, except that a line longer than <see cref="MaxWordDiffLineLength"/> is one chunk (and counted).</summary>
    private sealed class BoundedWordChunker : IChunker
    {
        public int CutLines { get; private set; }

        public IReadOnlyList<string> Chunk(string text)
        {
            if (text.Length <= MaxWordDiffLineLength)
            {
                return WordChunker.Instance.Chunk(text);
            }

            CutLines++;
            return [text];
        }
    }
}
