using System.Text.Json;

namespace LlmGuard.NUnit.Tests.Infrastructure;

/// <summary>Reads a JSON Lines results file (<c>--results</c>, <c>LLMGUARD_RESULTS</c>).</summary>
internal static class ResultRecords
{
    /// <summary>The case records by <c>suite/case</c>.</summary>
    public static Dictionary<string, JsonElement> Cases(string path) =>
        All(path).Where(record => record.GetProperty("type").GetString() == "case")
            .ToDictionary(record => $"{record.GetProperty("suite").GetString()}/{record.GetProperty("case").GetString()}");

    /// <summary>The one verdict record.</summary>
    public static JsonElement Verdict(string path) =>
        All(path).Single(record => record.GetProperty("type").GetString() == "verdict");

    /// <summary>
    /// The verdict's suites as JSON text without the measured latency (<c>figures.latency_p95_ms</c>), which differs
    /// between any two runs: everything the gate decided, and the figures that are not timings.
    /// </summary>
    public static string DecidedSuites(JsonElement verdict)
    {
        var suites = System.Text.Json.Nodes.JsonNode.Parse(verdict.GetProperty("suites").GetRawText())!.AsArray();
        foreach (var suite in suites)
        {
            (suite!["figures"] as System.Text.Json.Nodes.JsonObject)?.Remove("latency_p95_ms");
        }

        return suites.ToJsonString();
    }

    /// <summary>Every record; none when the file was never written.</summary>
    public static List<JsonElement> All(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement).ToList() : [];
}
