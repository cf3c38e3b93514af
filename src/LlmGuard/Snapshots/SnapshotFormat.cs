using System.Text;
using System.Text.Json;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Snapshots;

/// <summary>
/// Reads and writes snapshot files: a short header of <c>key: value</c> lines between
/// <c># llmguard snapshot 1</c> and <c>---</c>, then the output verbatim. UTF-8 without BOM, LF line
/// endings, no trailing newline added; nothing volatile, so an unchanged output re-records byte-identically.
/// An answer with tool calls has the header line <c>tool_calls: N</c>, and after its text (if any) one section per call:
/// a line <c>--- tool call K: name</c> and the arguments as indented JSON with sorted keys (arguments that are not a
/// JSON object: the line ends with <see cref="InvalidArgumentsMarker"/> and the text as received follows as a JSON
/// string). Call ids are not recorded: providers make them up per call.
/// </summary>
internal static class SnapshotFormat
{
    /// <summary>The first line of every snapshot file.</summary>
    public const string Signature = "# llmguard snapshot 1";

    private const string Separator = "---";
    private const string ToolCallsKey = "tool_calls";
    private const string ToolCallMarker = "--- tool call ";

    /// <summary>Ends a tool call's section line when its arguments are not a JSON object.</summary>
    public const string InvalidArgumentsMarker = " (arguments are not valid JSON)";

    /// <summary>The most tool calls a snapshot may declare.</summary>
    public const int MaxToolCalls = 1024;
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
        if (document.ToolCalls.Count > 0)
        {
            builder.Append(ToolCallsKey).Append(": ").Append(document.ToolCalls.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        builder.Append(Separator).Append('\n');
        var text = LineEndings.ToLf(document.Output);
        builder.Append(text);
        for (var index = 0; index < document.ToolCalls.Count; index++)
        {
            var call = document.ToolCalls[index];
            if (index > 0 || text.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(ToolCallMarker).Append(index + 1).Append(": ").Append(NameText(call.Name));
            builder.Append(call.ArgumentsValid ? "" : InvalidArgumentsMarker).Append('\n');
            builder.Append(call.ArgumentsValid ? CanonicalJson.Indent(call.Arguments) : JsonSerializer.Serialize(LineEndings.ToLf(call.Arguments), UnescapedJson));
        }

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

        var body = text[(headerEnd + Separator.Length + 2)..];
        IReadOnlyList<ToolCall> toolCalls = [];
        if (fields.TryGetValue(ToolCallsKey, out var countText))
        {
            if (!int.TryParse(countText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1 || count > MaxToolCalls)
            {
                throw new FormatException($"'{ToolCallsKey}: {countText}' is not a number of tool calls between 1 and {MaxToolCalls}");
            }

            (body, toolCalls) = ParseToolCalls(body, count);
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
            Output = body,
            ToolCalls = toolCalls,
        };
    }

    /// <summary>Splits the body into the text and the <paramref name="count"/> tool call sections at its end.</summary>
    private static (string Text, IReadOnlyList<ToolCall> Calls) ParseToolCalls(string body, int count)
    {
        var calls = new ToolCall[count];
        var end = body.Length;
        for (var number = count; number >= 1; number--)
        {
            // Section lines never occur inside the indented JSON of later sections, so the last one before 'end' is this call's.
            var marker = ToolCallMarker + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": ";
            var start = end;
            do
            {
                start = start == 0 ? -1 : body.LastIndexOf(marker, start - 1, StringComparison.Ordinal);
            }
            while (start > 0 && body[start - 1] != '\n');

            if (start < 0)
            {
                throw new FormatException($"the header declares {count} tool calls, but the section '{marker.TrimEnd()}' is missing");
            }

            var lineEnd = body.IndexOf('\n', start);
            if (lineEnd < 0 || lineEnd >= end)
            {
                throw new FormatException($"the section '{marker.TrimEnd()}' has no arguments");
            }

            var title = body[(start + marker.Length)..lineEnd];
            var valid = !title.EndsWith(InvalidArgumentsMarker, StringComparison.Ordinal);
            var name = valid ? title : title[..^InvalidArgumentsMarker.Length];
            name = name.StartsWith('"') ? JsonSerializer.Deserialize<string>(name) ?? "" : name;
            var content = body[(lineEnd + 1)..end];
            string arguments;
            if (valid)
            {
                if (!CanonicalJson.TryCanonicalizeObject(content, out arguments, out var problem))
                {
                    throw new FormatException($"the arguments of tool call {number} are not a JSON object: {problem}");
                }
            }
            else
            {
                arguments = JsonSerializer.Deserialize<string>(content) ?? throw new FormatException($"the arguments of tool call {number} are not a JSON string");
            }

            calls[number - 1] = new ToolCall(name, arguments) { ArgumentsValid = valid };
            end = start == 0 ? 0 : start - 1;
        }

        return (body[..end], calls);
    }

    private static string NameText(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : JsonSerializer.Serialize(name, UnescapedJson);

    private static readonly JsonSerializerOptions UnescapedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
