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
/// prompt included) and every parameter sent. It does not depend on YAML formatting, key order, the
/// endpoint address or the machine. See docs/suite-format.md, "Request fingerprint".
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>The version of the normalization; bumped when what goes in changes.</summary>
    public const int FormatVersion = 1;

    private static readonly ConditionalWeakTable<TargetDefinition, RenderedParameters> RenderedTargets = new();

    /// <summary>Computes <c>sha256:&lt;64 hex digits&gt;</c> for a request.</summary>
    public static string Compute(TargetDefinition target, IReadOnlyList<ChatMessageDefinition> messages)
    {
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
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("parameters");
            writer.WriteRawValue(ParametersOf(target).Utf8, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The effective parameters as compact JSON with sorted keys, as written in snapshot headers.</summary>
    public static string ParametersJson(TargetDefinition target) => ParametersOf(target).Json;

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

    private static void WriteParameters(Utf8JsonWriter writer, TargetDefinition target)
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
