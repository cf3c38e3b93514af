using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGuard.Text;

namespace LlmGuard.Equivalence;

/// <summary>
/// Reads a judge's verdict: a JSON object with a boolean <c>equivalent</c> (possibly in a code fence or with text around it),
/// or an answer whose first word is <c>EQUIVALENT</c> or <c>DIFFERENT</c>. Anything else is not a verdict.
/// </summary>
internal static partial class JudgeAnswer
{
    /// <summary>The longest reason kept from a judge's answer.</summary>
    public const int MaxReasonLength = 300;

    /// <summary>The verdict, or null when the answer is not one.</summary>
    public static (bool Equivalent, string Reason)? Parse(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = JsonText.StripCodeFence(answer).Trim();
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open >= 0 && close > open)
        {
            try
            {
                using var document = JsonDocument.Parse(text[open..(close + 1)]);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("equivalent", out var verdict)
                    && verdict.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    var reason = document.RootElement.TryGetProperty("reason", out var reasonElement) && reasonElement.ValueKind == JsonValueKind.String
                        ? reasonElement.GetString() ?? ""
                        : "";
                    return (verdict.ValueKind == JsonValueKind.True, Bound(reason));
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: try the one-word form.
            }
        }

        var word = LeadingWord().Match(text);
        return word.Success switch
        {
            true when word.Value.Equals("EQUIVALENT", StringComparison.OrdinalIgnoreCase) => (true, Bound(text[word.Length..].Trim(' ', ':', '-', '.', '\n'))),
            true when word.Value.Equals("DIFFERENT", StringComparison.OrdinalIgnoreCase) => (false, Bound(text[word.Length..].Trim(' ', ':', '-', '.', '\n'))),
            _ => null,
        };
    }

    private static string Bound(string reason)
    {
        var line = reason.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxReasonLength ? line : line[..Excerpt.SafeCut(line, MaxReasonLength)] + "…";
    }

    [GeneratedRegex(@"^[A-Za-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingWord();
}
