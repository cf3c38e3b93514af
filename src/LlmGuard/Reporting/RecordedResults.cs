using System.Text.Json;
using LlmGuard.Results;

namespace LlmGuard.Reporting;

/// <summary>
/// The outputs of an earlier run, read back from its results file (<c>--results</c>, written by <see cref="JsonLinesResultWriter"/>)
/// so that one side of a comparison needs no model call: for each <c>suite/case</c>, the requested model, the identity of the
/// model that answered and every run's output. When a file holds a case twice (appended runs), the last record wins.
/// </summary>
internal sealed class RecordedResults
{
    /// <summary>The longest line read; a record beyond it is refused rather than held in memory.</summary>
    public const int MaxLineCharacters = 64 * 1024 * 1024;

    private readonly Dictionary<string, RecordedCase> cases;

    private RecordedResults(string path, Dictionary<string, RecordedCase> cases)
    {
        Path = path;
        this.cases = cases;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>How many cases the file holds.</summary>
    public int Count => cases.Count;

    /// <summary>The record of a case named <c>suite/case</c>, or null.</summary>
    public RecordedCase? Find(string name) => cases.GetValueOrDefault(name);

    /// <summary>Reads a results file.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read or a line is not a results record; the message names the file and line.</exception>
    public static RecordedResults Read(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var cases = new Dictionary<string, RecordedCase>(StringComparer.Ordinal);
        var number = 0;
        try
        {
            using var reader = new StreamReader(fullPath);
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (line.Length > MaxLineCharacters)
                {
                    throw new InvalidDataException($"{fullPath}:{number}: the line is longer than {MaxLineCharacters} characters.");
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (Parse(line, fullPath, number) is { } recorded)
                {
                    cases[recorded.Name] = recorded;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Cannot read the results file '{fullPath}': {exception.Message}", exception);
        }

        if (cases.Count == 0)
        {
            throw new InvalidDataException($"{fullPath}: the file holds no case results (is it a file written by 'llmguard run --results'?).");
        }

        return new RecordedResults(fullPath, cases);
    }

    private static RecordedCase? Parse(string line, string path, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") is not { } type)
            {
                throw new InvalidDataException($"{path}:{number}: not a results record (a JSON object with a 'type').");
            }

            if (type != "case")
            {
                return null;
            }

            var suite = Text(root, "suite");
            var caseId = Text(root, "case");
            if (suite is null || caseId is null)
            {
                throw new InvalidDataException($"{path}:{number}: a case record without 'suite' and 'case'.");
            }

            if (!root.TryGetProperty("output", out var output))
            {
                throw new InvalidDataException($"{path}:{number}: the record of {suite}/{caseId} has no 'output' (results written before outputs were recorded cannot be compared: run again with --results).");
            }

            var outputs = new List<string>();
            if (root.TryGetProperty("repeats", out var repeats) && repeats.ValueKind == JsonValueKind.Array && repeats.GetArrayLength() > 0)
            {
                outputs.AddRange(repeats.EnumerateArray().Select(run => Text(run, "output")).OfType<string>());
            }
            else if (output.ValueKind == JsonValueKind.String)
            {
                outputs.Add(output.GetString()!);
            }

            var failure = root.TryGetProperty("failure", out var failureElement) && failureElement.ValueKind == JsonValueKind.Object
                ? Text(failureElement, "message")
                : null;
            return new RecordedCase($"{suite}/{caseId}", Text(root, "provider"), Text(root, "model"), new ModelIdentity
            {
                ResolvedModelId = Text(root, "resolved_model"),
                Digest = Text(root, "digest"),
                SystemFingerprint = Text(root, "system_fingerprint"),
            }, outputs, outputs.Count == 0 ? failure ?? $"the recorded run of {suite}/{caseId} produced no output" : null);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}:{number}: not valid JSON: {exception.Message}", exception);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
