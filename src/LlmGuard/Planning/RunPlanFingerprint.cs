using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace LlmGuard.Planning;

/// <summary>
/// A SHA-256 over what a run planned before it was split into parts: the selection, the candidate model, the runs per
/// case and the sides of a comparison when set, and every selected case in plan order with its request fingerprint. Every part of one sharded run records the same value, so
/// <c>llmguard report</c> can tell the parts of one run from parts of runs over other suites, cases or selections.
/// </summary>
internal static class RunPlanFingerprint
{
    /// <summary>Computes <c>sha256:&lt;64 hex digits&gt;</c> for a run's plan.</summary>
    /// <param name="selection">The run's selection (each filter's values in any order).</param>
    /// <param name="candidateModel">The model every suite ran against instead of its own, if any.</param>
    /// <param name="selected">Every selected case before sharding, in plan order.</param>
    /// <param name="repeat">The runs per case the run set for every case, if it did.</param>
    /// <param name="sides">The baseline and candidate of a comparison (a model or a results file), if any.</param>
    public static string Compute(CaseSelection selection, string? candidateModel, IReadOnlyList<CasePlan> selected, int? repeat = null, IReadOnlyList<string>? sides = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + selected.Count * 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteList(writer, "suites", selection.Suites);
            WriteList(writer, "cases", selection.Cases);
            WriteList(writer, "tags", selection.Tags);
            if (candidateModel is not null)
            {
                writer.WriteString("model", candidateModel);
            }

            if (repeat is not null)
            {
                writer.WriteNumber("repeat", repeat.Value);
            }

            if (sides is { Count: > 0 })
            {
                WriteList(writer, "sides", sides);
            }

            writer.WriteStartArray("plan");
            foreach (var plan in selected)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(plan.Name);
                writer.WriteStringValue(plan.Fingerprint);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
