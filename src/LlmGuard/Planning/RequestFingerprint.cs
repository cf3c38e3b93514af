using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Planning;

/// <summary>
/// A stable SHA-256 over the normalized request: provider, model, the messages after substitution (system
/// prompt included, with earlier tool calls and tool results), every parameter sent (tool choice and response format
/// included) and the declared tools. It does not depend on YAML formatting, key order, the endpoint address or the
/// machine. What later versions added is written only when a suite uses it, so the fingerprints of suites that do not
/// are unchanged. See docs/suite-format.md, "Request fingerprint".
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>The version of the normalization; bumped when what goes in changes.</summary>
    public const int FormatVersion = 1;

    private static readonly ConditionalWeakTable<TargetDefinition, RenderedParameters> RenderedTargets = new();

    /// <summary>Computes <c>sha256:&lt;64 hex digits&gt;</c> for a request.</summary>
    public static string Compute(TargetDefinition target, IReadOnlyList<ChatMessageDefinition> messages, CaseRequestSettings? settings = null)
    {
        settings ??= CaseRequestSettings.None;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format", FormatVersion);
            writer.WriteString("provider", target.Provider);
            writer.WriteString("model", target.Model);
            writer.WriteStartArray("messages");
            foreach (var message in messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", LineEndings.ToLf(message.Content));
                if (message.ToolCalls.Count > 0)
                {
                    writer.WriteStartArray("tool_calls");
                    foreach (var call in message.ToolCalls)
                    {
                        writer.WriteStartObject();
                        writer.WritePropertyName("arguments");
                        writer.WriteRawValue(call.Arguments, skipInputValidation: false);
                        writer.WriteString("id", call.Id);
                        writer.WriteString("name", call.Name);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                if (message.ToolCallId is { } callId)
                {
                    writer.WriteString("tool_call_id", callId);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("parameters");
            if (settings.ToolChoice is null && settings.ResponseFormat is null)
            {
                writer.WriteRawValue(ParametersOf(target).Utf8, skipInputValidation: true);
            }
            else
            {
                WriteParameters(writer, target, settings);
            }

            if (settings.Tools.Count > 0)
            {
                writer.WriteStartArray("tools");
                foreach (var tool in settings.Tools)
                {
                    writer.WriteStartObject();
                    if (tool.Description is { } description)
                    {
                        writer.WriteString("description", LineEndings.ToLf(description));
                    }

                    writer.WriteString("name", tool.Name);
                    writer.WritePropertyName("parameters");
                    writer.WriteRawValue(tool.ParametersSchemaJson, skipInputValidation: false);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The effective parameters as compact JSON with sorted keys, as written in snapshot headers.</summary>
    public static string ParametersJson(TargetDefinition target, CaseRequestSettings? settings = null)
    {
        if (settings is null || (settings.ToolChoice is null && settings.ResponseFormat is null))
        {
            return ParametersOf(target).Json;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteParameters(writer, target, settings);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A target's parameters, rendered once per target instance (every case of a suite shares its target).</summary>
    private static RenderedParameters ParametersOf(TargetDefinition target) => RenderedTargets.GetValue(target, static target =>
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteParameters(writer, target);
        }

        var utf8 = buffer.WrittenSpan.ToArray();
        return new RenderedParameters(utf8, Encoding.UTF8.GetString(utf8));
    });

    private static void WriteParameters(Utf8JsonWriter writer, TargetDefinition target, CaseRequestSettings? settings = null)
    {
        var parameters = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["temperature"] = target.Temperature is { } temperature ? temperature : "default",
        };
        AddIfSet(parameters, "seed", target.Seed);
        AddIfSet(parameters, "max_tokens", target.MaxOutputTokens);
        AddIfSet(parameters, "top_p", target.TopP);
        AddIfSet(parameters, "top_k", target.TopK);
        if (target.Stop.Count > 0)
        {
            parameters["stop"] = target.Stop.ToList<object?>();
        }

        if (target.Options.Count > 0)
        {
            parameters["options"] = target.Options;
        }

        if (settings?.ToolChoice is { } toolChoice)
        {
            parameters["tool_choice"] = toolChoice.ToString();
        }

        if (settings?.ResponseFormat is { } format)
        {
            parameters["response_format"] = format.Kind switch
            {
                ResponseFormatKind.Text => "text",
                ResponseFormatKind.Json => "json",
                _ => new SortedDictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["json_schema"] = new RawJson(format.SchemaJson!),
                    ["name"] = format.SchemaName,
                    ["strict"] = format.Strict,
                },
            };
        }

        PlainValueJson.Write(writer, parameters);
    }

    private static void AddIfSet<T>(SortedDictionary<string, object?> parameters, string name, T? value)
        where T : struct
    {
        if (value is { } set)
        {
            parameters[name] = set;
        }
    }

    private sealed record RenderedParameters(byte[] Utf8, string Json);
}
