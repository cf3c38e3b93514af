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

    /// <summary>Every record; none when the file was never written.</summary>
    public static List<JsonElement> All(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement).ToList() : [];
}
