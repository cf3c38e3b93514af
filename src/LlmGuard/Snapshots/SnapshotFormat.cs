using System.Text;
using System.Text.Json;
using LlmGuard.Results;
using LlmGuard.Text;

namespace LlmGuard.Snapshots;

/// <summary>
/// Reads and writes snapshot files: a short header of <c>key: value</c> lines between
/// <c># llmguard snapshot 1</c> and <c>---</c>, then the output verbatim. UTF-8 without BOM, LF line
/// endings, no trailing newline added; nothing volatile, so an unchanged output re-records byte-identically.
/// </summary>
internal static class SnapshotFormat
{
    /// <summary>The first line of every snapshot file.</summary>
    public const string Signature = "# llmguard snapshot 1";

    private const string Separator = "---";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Writing never throws on odd text: an unpaired surrogate anywhere (the evaluator replaces those of outputs first, and
    // says so) is written as U+FFFD.
    private static readonly UTF8Encoding ReplacingUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Serializes a snapshot to the bytes written on disk.</summary>
    public static byte[] Serialize(SnapshotDocument document)
    {
        var builder = new StringBuilder();
        builder.Append(Signature).Append('\n');
        Line(builder, "suite", document.Suite);
        Line(builder, "case", document.Case);
        Line(builder, "provider", document.Provider);
        Line(builder, "model", document.Model);
        Line(builder, "resolved_model", document.Identity.ResolvedModelId);
        Line(builder, "digest", document.Identity.Digest);
        Line(builder, "system_fingerprint", document.Identity.SystemFingerprint);
        if (document.Identity.Details.Count > 0)
        {
            builder.Append("details: ")
                .Append(JsonSerializer.Serialize(new SortedDictionary<string, string>(document.Identity.Details.ToDictionary(), StringComparer.Ordinal)))
                .Append('\n');
        }

        if (document.Parameters is not null)
        {
            builder.Append("parameters: ").Append(document.Parameters).Append('\n');
        }

        Line(builder, "request", document.RequestFingerprint);
        builder.Append(Separator).Append('\n');
        builder.Append(LineEndings.ToLf(document.Output));
        return ReplacingUtf8.GetBytes(builder.ToString());
    }

    /// <summary>Parses snapshot bytes. A file without the signature is taken as output only (a hand-written snapshot).</summary>
    /// <exception cref="FormatException">The header is malformed.</exception>
    public static SnapshotDocument Parse(byte[] bytes, string suite, string caseId)
    {
        string text;
        try
        {
            text = Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException exception)
        {
            throw new FormatException($"the file is not valid UTF-8 ({exception.Message})", exception);
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        text = LineEndings.ToLf(text);
        if (!text.StartsWith(Signature + "\n", StringComparison.Ordinal))
        {
            return new SnapshotDocument { Suite = suite, Case = caseId, Output = text };
        }

        var headerEnd = text.IndexOf("\n" + Separator + "\n", Signature.Length, StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            throw new FormatException($"the header has no closing '{Separator}' line");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var header = headerEnd == Signature.Length ? "" : text[(Signature.Length + 1)..headerEnd];
        foreach (var line in header.Length == 0 ? [] : header.Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"header line '{line}' is not 'key: value'");
            }

            var value = line[(colon + 2)..];
            fields[line[..colon]] = value.StartsWith('"') ? JsonSerializer.Deserialize<string>(value) ?? "" : value;
        }

        var details = fields.TryGetValue("details", out var detailsJson)
            ? JsonSerializer.Deserialize<SortedDictionary<string, string>>(detailsJson) ?? []
            : new SortedDictionary<string, string>(StringComparer.Ordinal);
        return new SnapshotDocument
        {
            Suite = fields.GetValueOrDefault("suite") ?? suite,
            Case = fields.GetValueOrDefault("case") ?? caseId,
            Provider = fields.GetValueOrDefault("provider"),
            Model = fields.GetValueOrDefault("model"),
            Identity = new ModelIdentity
            {
                ResolvedModelId = fields.GetValueOrDefault("resolved_model"),
                Digest = fields.GetValueOrDefault("digest"),
                SystemFingerprint = fields.GetValueOrDefault("system_fingerprint"),
                Details = new SortedDictionary<string, string>(details, StringComparer.Ordinal),
            },
            Parameters = fields.GetValueOrDefault("parameters"),
            RequestFingerprint = fields.GetValueOrDefault("request"),
            Output = text[(headerEnd + Separator.Length + 2)..],
        };
    }

    private static void Line(StringBuilder builder, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        var needsQuoting = value.Length == 0 || value.Any(char.IsControl) || value.StartsWith('"') || value != value.Trim();
        builder.Append(key).Append(": ").Append(needsQuoting ? JsonSerializer.Serialize(value) : value).Append('\n');
    }
}
