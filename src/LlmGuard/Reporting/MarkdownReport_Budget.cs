using System.Text;

namespace LlmGuard.Reporting;

/// <summary>The byte budget that keeps the summary under GitHub's step-summary limit.</summary>
internal static partial class MarkdownReport
{
    /// <summary>
    /// Markdown that stays under a byte budget over all its sections: a section that does not fit is left out (later,
    /// smaller ones may still fit), a table keeps the rows that fit, and the note at the end says what was cut and how
    /// many cases are not listed.
    /// </summary>
    private sealed class BoundedMarkdown(int maxBytes)
    {
        private const int NoteReserve = 512;
        private readonly StringBuilder builder = new();
        private readonly HashSet<ReportCase> shown = [];
        private int bytes;
        private bool cut;

        public bool TryAdd(string text, ReportCase? reportCase = null)
        {
            if (text.Length == 0)
            {
                return true;
            }

            // Counting bytes costs a pass over the text: one far larger than the budget is refused on its length alone.
            var size = text.Length > maxBytes ? int.MaxValue : Encoding.UTF8.GetByteCount(text);
            if (size > maxBytes - NoteReserve - bytes)
            {
                cut = true;
                return false;
            }

            builder.Append(text);
            bytes += size;
            if (reportCase is not null)
            {
                shown.Add(reportCase);
            }

            return true;
        }

        /// <summary>A collapsed table of cases (name, class, summary), as many rows as fit.</summary>
        public void TryAddTable(string title, IReadOnlyList<ReportCase> cases)
        {
            if (cases.Count == 0)
            {
                return;
            }

            var header = new StringBuilder("<details><summary>").Append(MarkdownText.Html(title)).Append("</summary>\n\n");
            AppendHeader(header, ["case", "class", "gate", "summary"], numericFrom: int.MaxValue);
            const string Close = "\n</details>\n\n";
            if (!TryAdd(header.ToString()))
            {
                return;
            }

            var closeBytes = Encoding.UTF8.GetByteCount(Close);
            foreach (var reportCase in cases)
            {
                var row = $"| {MarkdownText.Inline(reportCase.Name)} | {MarkdownText.Inline(reportCase.Outcome)} | {MarkdownText.Inline(reportCase.Gate)} | {MarkdownText.Inline(reportCase.Summary, 200)} |\n";
                var size = Encoding.UTF8.GetByteCount(row);
                if (bytes + size + closeBytes > maxBytes - NoteReserve)
                {
                    cut = true;
                    break;
                }

                builder.Append(row);
                bytes += size;
                shown.Add(reportCase);
            }

            builder.Append(Close);
            bytes += closeBytes;
        }

        public string Finish(int totalCases)
        {
            if (cut)
            {
                var missing = totalCases - shown.Count;
                builder.Append("\n> [!NOTE]\n> This summary was cut to stay under GitHub's 1 MiB limit")
                    .Append(missing > 0 ? $": {ReportText.Cases(missing)} are not listed" : "")
                    .Append(". The HTML and JSON reports hold every case.\n");
            }

            return builder.ToString();
        }
    }
}
