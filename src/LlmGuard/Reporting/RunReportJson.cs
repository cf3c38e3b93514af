using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>Writes a <see cref="RunReport"/> as JSON (<c>docs/results.schema.json</c>) and reads it back with clear errors.</summary>
internal static class RunReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The report as UTF-8 JSON text ending with a line feed.</summary>
    public static string Write(RunReport report) => JsonSerializer.Serialize(report, Options) + "\n";

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <exception cref="InvalidDataException">
    /// The text is not a report this version can read: not JSON, a required field missing or null, or a value this build
    /// does not know (<see cref="RunReportValidation"/>); the message names the file and the line and column or the field.
    /// </exception>
    public static RunReport Read(string json, string source)
    {
        var firstLine = json.AsSpan().TrimStart();
        var lineEnd = firstLine.IndexOf('\n');
        if (lineEnd > 0 && firstLine[..lineEnd].TrimEnd().EndsWith("}") && firstLine[..lineEnd].Contains("\"type\":", StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{OutsideText.Escape(source)}: this is a JSON Lines results stream (--results), not a report: write the report with --report json=<file>.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{OutsideText.Escape(source)}:{Position(exception)}: not valid JSON: {OutsideText.Escape(FirstSentence(exception.Message))}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != RunReport.FormatName)
            {
                throw new InvalidDataException($"{OutsideText.Escape(source)}: not an LlmGuard results file (expected \"format\": \"{RunReport.FormatName}\"; write one with --report json=<file>).");
            }

            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number < 1)
            {
                throw new InvalidDataException($"{OutsideText.Escape(source)}: the results file has no valid \"version\".");
            }

            if (number > RunReport.CurrentVersion)
            {
                throw new InvalidDataException(
                    $"{OutsideText.Escape(source)}: the results file has version {number}, newer than this LlmGuard reads ({RunReport.CurrentVersion}): use the version that wrote it.");
            }

            RunReport report;
            try
            {
                report = root.Deserialize<RunReport>(Options) ?? throw new InvalidDataException($"{OutsideText.Escape(source)}: the results file is empty.");
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException($"{OutsideText.Escape(source)}: {(exception.Path is { } path ? $"at {OutsideText.Escape(path)}: " : "")}{OutsideText.Escape(FirstSentence(exception.Message))}", exception);
            }

            RunReportValidation.Validate(report, source);
            return report;
        }
    }

    /// <summary>The report as UTF-8 bytes.</summary>
    public static byte[] Utf8(RunReport report) => Encoding.UTF8.GetBytes(Write(report));

    private static string Position(JsonException exception) => $"{(exception.LineNumber ?? 0) + 1}:{(exception.BytePositionInLine ?? 0) + 1}";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
