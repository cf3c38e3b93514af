using System.Text.RegularExpressions;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Comparison;

/// <summary>
/// Replaces volatile values (ids, dates, long numbers, or anything a suite's own pattern matches) with stable placeholders
/// so that outputs differing only in those values compare as equivalent.
/// </summary>
/// <remarks>
/// Line endings are normalized to LF first. Custom scrubbers run first, in declaration order, then the built-in ones in
/// the order they were declared. Every pattern runs with a match timeout of 2 s.
/// </remarks>
internal static class OutputScrubber
{
    /// <summary>The placeholder for a GUID.</summary>
    public const string GuidPlaceholder = "{guid}";

    /// <summary>The placeholder for an ISO 8601 date.</summary>
    public const string DatePlaceholder = "{date}";

    /// <summary>The placeholder for an ISO 8601 date and time.</summary>
    public const string DateTimePlaceholder = "{datetime}";

    /// <summary>The placeholder for a time of day with seconds.</summary>
    public const string TimePlaceholder = "{time}";

    /// <summary>The placeholder for a run of 6 or more digits.</summary>
    public const string NumberPlaceholder = "{number}";

    private const string Hex = "[0-9a-fA-F]";
    private const string GuidBody = Hex + "{8}-" + Hex + "{4}-" + Hex + "{4}-" + Hex + "{4}-" + Hex + "{12}";
    private const string GuidPattern = @"\{" + GuidBody + @"\}|(?<![\w-])" + GuidBody + @"(?![\w-])";

    private const string DatePart = "[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])";
    private const string TimeOfDay = "(?:[01][0-9]|2[0-3]):[0-5][0-9]";
    private const string Seconds = @":[0-5][0-9](?:[.,][0-9]+)?";
    private const string Offset = "(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])";
    private const string DateTimePattern = "(?<![0-9])" + DatePart + "[Tt ]" + TimeOfDay + "(?:" + Seconds + ")?" + Offset + "?(?![0-9])";
    private const string DatePattern = "(?<![0-9])" + DatePart + "(?![0-9])";
    private const string TimePattern = "(?<![0-9:])" + TimeOfDay + Seconds + Offset + "?(?![0-9:])";

    // "Part of a larger word" includes hyphen-joined tokens, so a GUID group made only of digits is never cut.
    private const string LongNumberPattern = @"(?<!\w|\w-)[0-9]{6,}(?!\w|-\w)";

    /// <summary>Applies the scrubbers to a text.</summary>
    /// <param name="text">The output to scrub.</param>
    /// <param name="scrubbers">The case's scrubbers; those without a built-in or a pattern are skipped.</param>
    /// <param name="cancellationToken">Checked before each pattern runs (each run is bounded by the match timeout).</param>
    /// <returns>The LF-normalized text with every match replaced.</returns>
    /// <exception cref="ArgumentException">A custom pattern is not a valid .NET regular expression.</exception>
    /// <exception cref="TimeoutException">A pattern took longer than the match timeout.</exception>
    public static string Scrub(string text, IReadOnlyList<ScrubberDefinition> scrubbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scrubbers);

        var result = LineEndings.ToLf(text);
        foreach (var scrubber in scrubbers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (scrubber.BuiltIn is null && scrubber.Pattern is not null)
            {
                result = Replace(result, scrubber.Pattern, scrubber.Replacement, scrubber);
            }
        }

        foreach (var scrubber in scrubbers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result = scrubber.BuiltIn switch
            {
                BuiltInScrubber.Guids => Replace(result, GuidPattern, GuidPlaceholder, scrubber),
                BuiltInScrubber.Dates => Replace(
                    Replace(Replace(result, DateTimePattern, DateTimePlaceholder, scrubber), DatePattern, DatePlaceholder, scrubber),
                    TimePattern,
                    TimePlaceholder,
                    scrubber),
                BuiltInScrubber.LongNumbers => Replace(result, LongNumberPattern, NumberPlaceholder, scrubber),
                _ => result,
            };
        }

        return result;
    }

    private static string Replace(string text, string pattern, string replacement, ScrubberDefinition scrubber)
    {
        Regex regex;
        try
        {
            regex = RegexCache.Get(pattern);
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"The scrubber pattern \"{pattern}\"{DescribeLocation(scrubber)} is not a valid .NET regular expression: {exception.Message}", exception);
        }

        try
        {
            return regex.Replace(text, replacement);
        }
        catch (RegexMatchTimeoutException exception)
        {
            var name = scrubber.BuiltIn is { } builtIn ? $"built-in scrubber {builtIn}" : "scrubber pattern";
            throw new TimeoutException(
                $"The {name} \"{pattern}\"{DescribeLocation(scrubber)} took longer than {RegexCache.DescribeTimeout()} on an output of {text.Length} characters; simplify the pattern (it probably backtracks catastrophically).",
                exception);
        }
    }

    private static string DescribeLocation(ScrubberDefinition scrubber) =>
        string.IsNullOrEmpty(scrubber.Location.File) ? "" : $" (declared at {scrubber.Location})";
}
