using System.Text.RegularExpressions;

namespace LlmGuard.Tests.Architecture;

/// <summary>
/// The house style for test method names: a sentence in snake case that states the behaviour, such as
/// <c>A_valid_regex_is_accepted</c> or <c>Ctrl_C_stops_starting_cases_keeps_what_finished_and_reports_a_partial_run</c>.
/// A name is in the style when
/// <list type="number">
/// <item>it matches <c>^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$</c>: a capital first letter, words joined by single underscores;</item>
/// <item>it has at least three words;</item>
/// <item>no word is a PascalCase compound (a lower-case letter followed by a capital, as in <c>IsAccepted</c> or
/// <c>JsonMode</c>) unless it is one of the <see cref="KnownIdentifiers"/>, which a sentence names as they are written;</item>
/// <item>more than half of the words after the first start with a lower-case letter or a digit, so the name reads as a
/// sentence rather than as Title_Case_Words. Acronyms (JSON, HTTP, F16) and proper nouns (Ollama, Unicode) fit in the rest.</item>
/// </list>
/// </summary>
public static partial class TestNameStyle
{
    /// <summary>Identifiers that are PascalCase compounds by nature and may appear in a name as written.</summary>
    public static IReadOnlySet<string> KnownIdentifiers { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ArgMax", "EnumerateRunes", "FindUnreadable", "GitHub", "LoRA", "NUnit", "OpenAI", "SplitMix64", "SwiGlu",
    };

    /// <summary>Why a test method name is not in the style, or null when it is.</summary>
    public static string? Problem(string name)
    {
        if (!Shape().IsMatch(name))
        {
            return "not words joined by single underscores after a capital first letter";
        }

        var words = name.Split('_');
        if (words.Length < 3)
        {
            return "fewer than three words";
        }

        var compound = words.FirstOrDefault(word => CompoundWord().IsMatch(word) && !KnownIdentifiers.Contains(word));
        if (compound is not null)
        {
            return $"'{compound}' is a PascalCase compound; write it as words in snake case (or add a real identifier to {nameof(TestNameStyle)}.{nameof(KnownIdentifiers)})";
        }

        var sentenceWords = words.Skip(1).Count(word => char.IsAsciiLetterLower(word[0]) || char.IsAsciiDigit(word[0]));
        return sentenceWords * 2 > words.Length - 1 ? null : "most words after the first are capitalised; a sentence has them in lower case";
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex("[a-z][A-Z]", RegexOptions.CultureInvariant)]
    private static partial Regex CompoundWord();
}
