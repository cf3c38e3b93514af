using System.Text;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Comparison;

/// <summary>Classifies a new output against its verified snapshot as identical, equivalent or different.</summary>
/// <remarks>
/// <para>Identical: equal after line endings are normalized to LF. Equivalent: equal once the scrubbers have run on both,
/// or, depending on <see cref="CompareOptions.Mode"/>, once whitespace, Unicode normalization form and (optionally) letter case
/// are ignored, or as JSON values with object key order ignored.</para>
/// <para>In <see cref="CompareMode.Json"/> mode a Markdown code fence (<c>```json … ```</c>) enclosing a whole output is ignored,
/// and scrubbers apply to each string value and number rather than to the JSON text, so a scrubbed value never breaks the JSON.</para>
/// <para>Unicode normalization (NFC) needs ICU: in a process running with <c>InvariantGlobalization</c>, <see cref="string.Normalize()"/>
/// leaves text unchanged, so outputs that differ only in normalization form are reported as different.</para>
/// </remarks>
internal static class OutputComparer
{
    /// <summary>The reason given when only scrubbed values differ.</summary>
    public const string ScrubbedValuesReason = "scrubbed values";

    /// <summary>The reason given when only whitespace differs.</summary>
    public const string WhitespaceReason = "whitespace";

    /// <summary>The reason given when only letter case differs.</summary>
    public const string LetterCaseReason = "letter case";

    /// <summary>The reason given when only the Unicode normalization form differs.</summary>
    public const string UnicodeNormalizationReason = "Unicode normalization";

    /// <summary>The reason given when JSON values are equal but their object keys come in another order.</summary>
    public const string JsonKeyOrderReason = "JSON key order";

    /// <summary>The reason given when JSON values are equal and only their formatting (whitespace, number spelling, a code fence) differs.</summary>
    public const string JsonFormattingReason = "JSON formatting";

    [Flags]
    private enum Steps
    {
        None = 0,
        Scrub = 1,
        Whitespace = 2,
        LetterCase = 4,
        UnicodeNormalization = 8,
    }

    /// <summary>Compares a new output with its verified snapshot.</summary>
    /// <param name="verified">The verified (accepted) output.</param>
    /// <param name="received">The new output.</param>
    /// <param name="options">The case's comparison options.</param>
    /// <param name="scrubbers">The case's scrubbers (may be empty).</param>
    /// <param name="cancellationToken">Checked between steps and before each scrubber.</param>
    /// <returns>The classification; equivalent results name what was ignored, comma-separated, and different results say where they differ.</returns>
    public static OutputComparison Compare(string verified, string received, CompareOptions options, IReadOnlyList<ScrubberDefinition> scrubbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scrubbers);

        verified = LineEndings.ToLf(verified);
        received = LineEndings.ToLf(received);
        if (verified == received)
        {
            return new OutputComparison(ComparisonKind.Identical);
        }

        var scrubbedVerified = OutputScrubber.Scrub(verified, scrubbers, cancellationToken);
        var scrubbedReceived = OutputScrubber.Scrub(received, scrubbers, cancellationToken);
        if (scrubbedVerified == scrubbedReceived)
        {
            return new OutputComparison(ComparisonKind.Equivalent, ScrubbedValuesReason);
        }

        return options.Mode switch
        {
            CompareMode.Normalized => CompareNormalized(verified, received, options.IgnoreCase, scrubbers, cancellationToken),
            CompareMode.Json => CompareJson(verified, received, scrubbers, cancellationToken),
            _ => new OutputComparison(ComparisonKind.Different, $"first difference at line {FirstDifferentLine(scrubbedVerified, scrubbedReceived)}"),
        };
    }

    private static OutputComparison CompareNormalized(string verified, string received, bool ignoreCase, IReadOnlyList<ScrubberDefinition> scrubbers, CancellationToken cancellationToken)
    {
        var enabled = Steps.Whitespace | Steps.UnicodeNormalization | (ignoreCase ? Steps.LetterCase : Steps.None) | (scrubbers.Count > 0 ? Steps.Scrub : Steps.None);
        string Normalize(string text, Steps steps, IReadOnlyList<ScrubberDefinition> scrubbers) => OutputComparer.Normalize(text, steps, scrubbers, cancellationToken);
        bool EqualWith(Steps steps) => Normalize(verified, steps, scrubbers) == Normalize(received, steps, scrubbers);

        if (!EqualWith(enabled))
        {
            var ignored = ignoreCase ? "whitespace, letter case and Unicode normalization" : "whitespace and Unicode normalization";
            return new OutputComparison(ComparisonKind.Different, $"the outputs differ beyond {ignored}");
        }

        Steps[] order = [Steps.Scrub, Steps.Whitespace, Steps.LetterCase, Steps.UnicodeNormalization];
        var needed = order.Where(step => enabled.HasFlag(step) && !EqualWith(enabled & ~step)).ToList();
        if (needed.Count == 0)
        {
            // Two steps can each hide the same difference; then name every step that changed either text.
            needed = order.Where(step => enabled.HasFlag(step)
                && (Normalize(verified, step, scrubbers) != verified || Normalize(received, step, scrubbers) != received)).ToList();
        }

        return new OutputComparison(ComparisonKind.Equivalent, string.Join(", ", needed.Select(Describe)));
    }

    private static string Normalize(string text, Steps steps, IReadOnlyList<ScrubberDefinition> scrubbers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (steps.HasFlag(Steps.Scrub))
        {
            text = OutputScrubber.Scrub(text, scrubbers, cancellationToken);
        }

        if (steps.HasFlag(Steps.UnicodeNormalization))
        {
            text = text.Normalize(NormalizationForm.FormC);
        }

        if (steps.HasFlag(Steps.Whitespace))
        {
            text = CollapseWhitespace(text);
        }

        if (steps.HasFlag(Steps.LetterCase))
        {
            text = text.ToUpperInvariant();
        }

        return text;
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    private static OutputComparison CompareJson(string verified, string received, IReadOnlyList<ScrubberDefinition> scrubbers, CancellationToken cancellationToken)
    {
        using var verifiedDocument = JsonText.TryParse(verified, out var verifiedError);
        using var receivedDocument = JsonText.TryParse(received, out var receivedError);
        if (receivedDocument is null)
        {
            return new OutputComparison(ComparisonKind.Different, $"received output is not valid JSON: {receivedError}");
        }

        if (verifiedDocument is null)
        {
            return new OutputComparison(ComparisonKind.Different, $"verified output is not valid JSON: {verifiedError}");
        }

        Func<string, string>? scrub = scrubbers.Count > 0 ? text => OutputScrubber.Scrub(text, scrubbers, cancellationToken) : null;
        string? DifferenceWith(bool scrubbing, bool ignoreKeyOrder)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new JsonValueComparer(scrubbing ? scrub : null, ignoreKeyOrder).FindDifference(verifiedDocument.RootElement, receivedDocument.RootElement);
        }

        if (DifferenceWith(scrubbing: true, ignoreKeyOrder: true) is { } difference)
        {
            return new OutputComparison(ComparisonKind.Different, $"JSON differs at {difference}");
        }

        if (DifferenceWith(scrubbing: false, ignoreKeyOrder: false) is null)
        {
            return new OutputComparison(ComparisonKind.Equivalent, JsonFormattingReason);
        }

        var reasons = new List<string>(2);
        var scrubbingNeeded = scrub is not null && DifferenceWith(scrubbing: false, ignoreKeyOrder: true) is not null;
        var keyOrderNeeded = DifferenceWith(scrubbing: true, ignoreKeyOrder: false) is not null;
        if (scrubbingNeeded || !keyOrderNeeded)
        {
            reasons.Add(ScrubbedValuesReason);
        }

        if (keyOrderNeeded || !scrubbingNeeded)
        {
            reasons.Add(JsonKeyOrderReason);
        }

        return new OutputComparison(ComparisonKind.Equivalent, string.Join(", ", reasons));
    }

    private static int FirstDifferentLine(string verified, string received)
    {
        var length = Math.Min(verified.Length, received.Length);
        var index = 0;
        while (index < length && verified[index] == received[index])
        {
            index++;
        }

        return verified.AsSpan(0, index).Count('\n') + 1;
    }

    private static string Describe(Steps step) => step switch
    {
        Steps.Scrub => ScrubbedValuesReason,
        Steps.Whitespace => WhitespaceReason,
        Steps.LetterCase => LetterCaseReason,
        _ => UnicodeNormalizationReason,
    };
}
