using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LlmGuard.Text;

namespace LlmGuard.Snapshots;

/// <summary>
/// Reads and writes <c>&lt;case&gt;.variants.txt</c>: a short header between <c># llmguard variants 1</c> and <c>---</c>, then
/// each variant as a line <c>--- variant N: C of K runs[, the verified output], L characters</c> followed by its output
/// verbatim and a line feed. L (Unicode scalar values) delimits the output, so an output may contain anything. UTF-8, LF, no
/// timestamps: the same measurements write the same bytes.
/// </summary>
internal static partial class VariantsFormat
{
    public const string Signature = "# llmguard variants 1";

    private const string Separator = "---";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Serialize(VariantsDocument document)
    {
        var builder = new StringBuilder();
        builder.Append(Signature).Append('\n')
            .Append("suite: ").Append(document.Suite).Append('\n')
            .Append("case: ").Append(document.Case).Append('\n')
            .Append("request: ").Append(document.RequestFingerprint).Append('\n')
            .Append("runs: ").Append(document.Runs.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("agreement: ").Append(Math.Round(document.Agreement, 4).ToString("0.####", CultureInfo.InvariantCulture)).Append('\n')
            .Append("tarr: ").Append(Math.Round(document.Tarr, 4).ToString("0.####", CultureInfo.InvariantCulture)).Append('\n')
            .Append("variants: ").Append(document.Variants.Count.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Separator).Append('\n');
        var number = 0;
        foreach (var variant in document.Variants)
        {
            var output = LineEndings.ToLf(variant.Output);
            builder.Append(CultureInfo.InvariantCulture,
                    $"--- variant {++number}: {variant.Count} of {document.Runs} runs{(variant.IsVerified ? ", the verified output" : "")}, {Excerpt.CountCharacters(output)} characters")
                .Append('\n').Append(output).Append('\n');
        }

        return Utf8.GetBytes(builder.ToString());
    }

    /// <exception cref="FormatException">The file is not a variants file.</exception>
    public static VariantsDocument Parse(byte[] bytes)
    {
        string text;
        try
        {
            text = LineEndings.ToLf(Utf8.GetString(bytes));
        }
        catch (DecoderFallbackException exception)
        {
            throw new FormatException($"the file is not valid UTF-8 ({exception.Message})", exception);
        }

        if (!text.StartsWith(Signature + "\n", StringComparison.Ordinal))
        {
            throw new FormatException($"it does not start with '{Signature}'");
        }

        var headerEnd = text.IndexOf("\n" + Separator + "\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            throw new FormatException($"the header has no closing '{Separator}' line");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text[(Signature.Length + 1)..headerEnd].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"header line '{line}' is not 'key: value'");
            }

            fields[line[..colon]] = line[(colon + 2)..];
        }

        var runs = int.TryParse(fields.GetValueOrDefault("runs"), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedRuns) && parsedRuns > 0
            ? parsedRuns
            : throw new FormatException("'runs' is missing or not a positive whole number");
        var variants = new List<VariantsDocument.Variant>();
        var position = headerEnd + Separator.Length + 2;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var line = lineEnd < 0 ? text[position..] : text[position..lineEnd];
            var match = VariantLine().Match(line);
            if (!match.Success || lineEnd < 0)
            {
                throw new FormatException($"'{Excerpt.Of(line)}' is not a '--- variant N: C of K runs, L characters' line");
            }

            var start = lineEnd + 1;
            var end = AdvanceCharacters(text, start, int.Parse(match.Groups["length"].Value, CultureInfo.InvariantCulture));
            if (end < 0 || end >= text.Length || text[end] != '\n')
            {
                throw new FormatException($"variant {match.Groups["number"].Value} is shorter than its stated length");
            }

            variants.Add(new VariantsDocument.Variant(text[start..end], int.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture), match.Groups["verified"].Success));
            position = end + 1;
        }

        return new VariantsDocument
        {
            Suite = fields.GetValueOrDefault("suite") ?? throw new FormatException("'suite' is missing"),
            Case = fields.GetValueOrDefault("case") ?? throw new FormatException("'case' is missing"),
            RequestFingerprint = fields.GetValueOrDefault("request") ?? throw new FormatException("'request' is missing"),
            Runs = runs,
            Variants = variants,
        };
    }

    /// <summary>The index after <paramref name="count"/> Unicode scalar values from <paramref name="start"/>, or -1 past the end.</summary>
    private static int AdvanceCharacters(string text, int start, int count)
    {
        var index = start;
        for (var taken = 0; taken < count; taken++)
        {
            if (index >= text.Length)
            {
                return -1;
            }

            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }

        return index;
    }

    [GeneratedRegex(@"^--- variant (?<number>\d{1,6}): (?<count>\d{1,9}) of \d{1,9} runs(?<verified>, the verified output)?, (?<length>\d{1,10}) characters$", RegexOptions.CultureInvariant)]
    private static partial Regex VariantLine();
}
