using System.Globalization;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;
using LlmGuard.Text;

namespace LlmGuard.Comparison;

/// <summary>A bounded unified diff between a verified snapshot and a received output, for reports and consoles.</summary>
internal static class SnapshotDiff
{
    /// <summary>The default bound on the number of diff lines.</summary>
    public const int DefaultMaxLines = 80;

    /// <summary>The default bound on the length of one diff line's content.</summary>
    public const int DefaultMaxLineLength = 300;

    /// <summary>The marker after a last line without a final newline, shown only when the two texts differ in that respect (model outputs rarely end with one).</summary>
    public const string NoNewlineMarker = "\\ No newline at end of file";

    /// <summary>
    /// The most lines (both sides together) that are diffed once the common first and last lines are set aside. The line
    /// diff's work grows with the product of the differing lines and the changes, so beyond this a changed output is
    /// reported as too large to diff rather than holding up the run: at the cap the worst case is milliseconds.
    /// </summary>
    public const int MaxComparedLines = 4_000;

    private const int ContextLines = 3;

    /// <summary>Creates a unified diff (3 lines of context) of two texts after line endings are normalized to LF.</summary>
    /// <param name="verified">The verified text (the "-" side).</param>
    /// <param name="received">The received text (the "+" side).</param>
    /// <param name="verifiedPath">The name shown in the <c>---</c> header.</param>
    /// <param name="receivedPath">The name shown in the <c>+++</c> header.</param>
    /// <param name="maxLines">At most this many lines, headers included; the rest is replaced by one line <c>… diff truncated: K more lines</c>.</param>
    /// <param name="maxLineLength">Longer lines are cut to this many UTF-16 units (never inside a surrogate pair) followed by <c>… (K more characters)</c>.</param>
    /// <param name="cancellationToken">Checked while the texts are split and compared.</param>
    /// <returns>
    /// The diff, LF-separated and ending with LF, or an empty string when the texts are equal. Lines common to the start and
    /// the end of both texts are set aside in one linear pass; when more than <see cref="MaxComparedLines"/> remain, the diff is one line, <c>diff too large: N lines differ from line L; see the received file</c>.
    /// Control characters of the texts are shown escaped, so a diff line never starts another line.
    /// </returns>
    public static string Create(string verified, string received, string verifiedPath, string receivedPath, int maxLines = DefaultMaxLines, int maxLineLength = DefaultMaxLineLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(verifiedPath);
        ArgumentNullException.ThrowIfNull(receivedPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);

        verified = LineEndings.ToLf(verified);
        received = LineEndings.ToLf(received);
        if (verified == received)
        {
            return "";
        }

        var (oldLines, newLines, prefix, suffix) = Align(verified, received, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var output = new BoundedLines(maxLines, maxLineLength);
        output.Add($"--- {verifiedPath}");
        output.Add($"+++ {receivedPath}");
        var oldMiddle = oldLines.Count - prefix - suffix;
        var newMiddle = newLines.Count - prefix - suffix;
        if (oldMiddle + newMiddle > MaxComparedLines)
        {
            output.Add(string.Create(CultureInfo.InvariantCulture, $"diff too large: {Math.Max(oldMiddle, newMiddle)} lines differ from line {prefix + 1}; see the received file"));
            return output.ToString();
        }

        var diff = Differ.Instance.CreateDiffs(
            verified.Substring(oldLines.Start(prefix), oldLines.Characters(prefix, oldMiddle)),
            received.Substring(newLines.Start(prefix), newLines.Characters(prefix, newMiddle)),
            ignoreWhiteSpace: false, ignoreCase: false, LineEndingsPreservingChunker.Instance);
        cancellationToken.ThrowIfCancellationRequested();
        var blocks = diff.DiffBlocks
            .Select(block => new DiffBlock(block.DeleteStartA + prefix, block.DeleteCountA, block.InsertStartB + prefix, block.InsertCountB))
            .ToList();
        var markMissingNewline = verified.EndsWith('\n') != received.EndsWith('\n');
        foreach (var hunk in GroupIntoHunks(blocks))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteHunk(output, hunk, oldLines, newLines, markMissingNewline);
        }

        return output.ToString();
    }

    /// <summary>
    /// How many lines (both sides together, after line endings are normalized to LF) are left to compare once the lines
    /// common to the start and the end of both texts are set aside, found in one linear pass: the work a line diff of the
    /// two texts does grows with it, and above <see cref="MaxComparedLines"/> <see cref="Create"/> does not diff.
    /// </summary>
    public static int DifferingLines(string verified, string received, CancellationToken cancellationToken = default)
    {
        var (oldLines, newLines, prefix, suffix) = Align(LineEndings.ToLf(verified), LineEndings.ToLf(received), cancellationToken);
        return oldLines.Count + newLines.Count - 2 * (prefix + suffix);
    }

    /// <summary>Both texts' lines and how many lines they share at the start (prefix) and, after it, at the end (suffix).</summary>
    private static (Lines Old, Lines New, int Prefix, int Suffix) Align(string verified, string received, CancellationToken cancellationToken)
    {
        // Lines keep their "\n", so a last line without one differs from the same line with one.
        var oldLines = new Lines(verified, cancellationToken);
        var newLines = new Lines(received, cancellationToken);
        var common = Math.Min(oldLines.Count, newLines.Count);
        var prefix = 0;
        while (prefix < common && oldLines.Span(prefix).SequenceEqual(newLines.Span(prefix)))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < common - prefix && oldLines.Span(oldLines.Count - 1 - suffix).SequenceEqual(newLines.Span(newLines.Count - 1 - suffix)))
        {
            suffix++;
        }

        return (oldLines, newLines, prefix, suffix);
    }

    private static List<List<DiffBlock>> GroupIntoHunks(IList<DiffBlock> blocks)
    {
        var hunks = new List<List<DiffBlock>>();
        foreach (var block in blocks)
        {
            var previous = hunks.Count > 0 ? hunks[^1][^1] : null;
            if (previous is not null && block.DeleteStartA - (previous.DeleteStartA + previous.DeleteCountA) <= 2 * ContextLines)
            {
                hunks[^1].Add(block);
            }
            else
            {
                hunks.Add([block]);
            }
        }

        return hunks;
    }

    private static void WriteHunk(BoundedLines output, List<DiffBlock> hunk, Lines oldLines, Lines newLines, bool markMissingNewline)
    {
        var first = hunk[0];
        var last = hunk[^1];
        var before = Math.Min(ContextLines, first.DeleteStartA);
        var after = Math.Min(ContextLines, oldLines.Count - (last.DeleteStartA + last.DeleteCountA));
        var oldStart = first.DeleteStartA - before;
        var newStart = first.InsertStartB - before;
        var oldCount = last.DeleteStartA + last.DeleteCountA + after - oldStart;
        var newCount = last.InsertStartB + last.InsertCountB + after - newStart;
        output.Add(string.Create(CultureInfo.InvariantCulture, $"@@ -{HeaderStart(oldStart, oldCount)},{oldCount} +{HeaderStart(newStart, newCount)},{newCount} @@"));

        var oldIndex = oldStart;
        foreach (var block in hunk)
        {
            for (; oldIndex < block.DeleteStartA; oldIndex++)
            {
                WriteLine(output, ' ', oldLines.Span(oldIndex), markMissingNewline);
            }

            for (var index = block.DeleteStartA; index < block.DeleteStartA + block.DeleteCountA; index++)
            {
                WriteLine(output, '-', oldLines.Span(index), markMissingNewline);
            }

            for (var index = block.InsertStartB; index < block.InsertStartB + block.InsertCountB; index++)
            {
                WriteLine(output, '+', newLines.Span(index), markMissingNewline);
            }

            oldIndex = block.DeleteStartA + block.DeleteCountA;
        }

        for (; oldIndex < oldStart + oldCount; oldIndex++)
        {
            WriteLine(output, ' ', oldLines.Span(oldIndex), markMissingNewline);
        }
    }

    // Unified diff numbers lines from 1; an empty range names the line before it.
    private static int HeaderStart(int start, int count) => count == 0 ? start : start + 1;

    private static void WriteLine(BoundedLines output, char prefix, ReadOnlySpan<char> line, bool markMissingNewline)
    {
        var hasNewline = line.EndsWith('\n');
        output.Add(string.Concat([prefix], hasNewline ? line[..^1] : line));
        if (!hasNewline && markMissingNewline)
        {
            output.Add(NoNewlineMarker);
        }
    }

    /// <summary>A text's lines as ranges (each with its "\n"), found in one pass without copying them.</summary>
    private sealed class Lines
    {
        private readonly string text;
        private readonly List<int> starts = [];

        public Lines(string text, CancellationToken cancellationToken)
        {
            this.text = text;
            for (var start = 0; start < text.Length;)
            {
                if ((starts.Count & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                starts.Add(start);
                var end = text.IndexOf('\n', start);
                start = end < 0 ? text.Length : end + 1;
            }
        }

        public int Count => starts.Count;

        public int Start(int line) => line < starts.Count ? starts[line] : text.Length;

        public ReadOnlySpan<char> Span(int line) => text.AsSpan(starts[line], Start(line + 1) - starts[line]);

        public int Characters(int firstLine, int count) => Start(firstLine + count) - Start(firstLine);
    }

    private sealed class BoundedLines(int maxLines, int maxLineLength)
    {
        private readonly List<string> lines = [];
        private int omitted;

        public void Add(string line)
        {
            if (lines.Count >= maxLines)
            {
                omitted++;
                return;
            }

            line = OutsideText.Escape(line);
            var cut = Excerpt.SafeCut(line, maxLineLength);
            lines.Add(cut == line.Length ? line : string.Create(CultureInfo.InvariantCulture, $"{line.AsSpan(0, cut)}… ({line.Length - cut} more characters)"));
        }

        public override string ToString()
        {
            var notice = omitted > 0 ? string.Create(CultureInfo.InvariantCulture, $"… diff truncated: {omitted} more lines\n") : "";
            return string.Join('\n', lines) + "\n" + notice;
        }
    }
}
