using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Comparison;

/// <summary>
/// Compares a new answer with its verified snapshot: the text as the case's comparison mode says (<see cref="OutputComparer"/>)
/// and the tool calls structurally (<see cref="ToolCallComparer"/>). The answer is as far from the snapshot as its
/// farther part. The diff shows what moved: a line diff of the text — or, with <c>compare: json</c>, every differing
/// JSON path (<c>$.items[2].price: 10 → 12</c>) — and the tool calls and arguments that differ.
/// </summary>
internal static class AnswerComparer
{
    /// <summary>The most JSON path differences listed.</summary>
    public const int MaxJsonDifferences = 50;

    /// <summary>Compares the answers; <paramref name="verifiedPath"/> and <paramref name="receivedPath"/> label the diff.</summary>
    public static AnswerComparison Compare(ModelAnswer verified, ModelAnswer received, CompareOptions options, IReadOnlyList<ScrubberDefinition> scrubbers,
        string verifiedPath, string receivedPath, int maxDiffLines, CancellationToken cancellationToken = default)
    {
        var text = OutputComparer.Compare(verified.Text, received.Text, options, scrubbers, cancellationToken);
        var calls = ToolCallComparer.Compare(verified.ToolCalls, received.ToolCalls, options.ToolCalls);
        if (text.Kind == ComparisonKind.Identical && calls.Kind == ToolCallComparisonKind.Identical)
        {
            return new AnswerComparison(ComparisonKind.Identical, null, null);
        }

        var diff = new List<string>();
        var textReason = text.Reason;
        if (text.Kind != ComparisonKind.Identical)
        {
            if (text.Kind == ComparisonKind.Different && options.Mode == CompareMode.Json && JsonPathDifferences(verified.Text, received.Text, scrubbers) is { } json)
            {
                textReason = $"JSON differs at {json.Count} path{(json.Count == 1 ? "" : "s")}: {string.Join(", ", json.Differences.Take(3).Select(line => line[..line.IndexOf(": ", StringComparison.Ordinal)]))}{(json.Count > 3 ? ", …" : "")}";
                diff.Add($"--- {verifiedPath}");
                diff.Add($"+++ {receivedPath}");
                diff.AddRange(json.Render().Split('\n').Select(OutsideText.Escape));
            }
            else
            {
                diff.Add(SnapshotDiff.Create(verified.Text, received.Text, verifiedPath, receivedPath, maxDiffLines, cancellationToken: cancellationToken).TrimEnd('\n'));
            }
        }

        if (calls.Kind == ToolCallComparisonKind.Different)
        {
            diff.Add($"tool calls ({options.ToolCalls.Match.ToString().ToLowerInvariant()} match): {calls.Reason}");
            diff.AddRange(calls.Lines.Select(line => "  " + OutsideText.Escape(line)));
        }

        var kind = text.Kind == ComparisonKind.Different || calls.Kind == ToolCallComparisonKind.Different ? ComparisonKind.Different : ComparisonKind.Equivalent;
        var reasons = new List<string>();
        if (text.Kind == kind && textReason is not null)
        {
            reasons.Add(calls.Kind == ToolCallComparisonKind.Identical ? textReason : "text: " + textReason);
        }

        if ((int)calls.Kind == (int)kind && calls.Reason.Length > 0)
        {
            reasons.Add(calls.Reason);
        }

        var rendered = Bound(string.Join("\n", diff.Where(part => part.Length > 0)), maxDiffLines);
        return new AnswerComparison(kind, reasons.Count == 0 ? null : string.Join("; ", reasons), rendered.Length == 0 ? null : rendered + "\n");
    }

    private static JsonDiff? JsonPathDifferences(string verified, string received, IReadOnlyList<ScrubberDefinition> scrubbers)
    {
        using var verifiedDocument = JsonText.TryParse(verified, out _);
        using var receivedDocument = JsonText.TryParse(received, out _);
        if (verifiedDocument is null || receivedDocument is null)
        {
            return null;
        }

        var diff = new JsonDiff(scrub: scrubbers.Count > 0 ? value => OutputScrubber.Scrub(value, scrubbers) : null, maxDifferences: MaxJsonDifferences);
        diff.Compare(verifiedDocument.RootElement, receivedDocument.RootElement);
        return diff.Count == 0 ? null : diff;
    }

    private static string Bound(string text, int maxLines)
    {
        var lines = text.Split('\n');
        return lines.Length <= maxLines
            ? text
            : string.Join("\n", lines.Take(maxLines - 1)) + $"\n… diff truncated: {lines.Length - maxLines + 1} more lines";
    }
}
