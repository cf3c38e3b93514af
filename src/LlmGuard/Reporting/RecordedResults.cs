using System.Text.Json;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

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

    /// <summary>The most tool calls read from one recorded answer, as from a live one.</summary>
    private const int MaxToolCalls = Execution.ToolCallReader.MaxCalls;

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
                throw new InvalidDataException($"{path}:{number}: the record of {OutsideText.Escape($"{suite}/{caseId}")} has no 'output' (results written before outputs were recorded cannot be compared: run again with --results).");
            }

            var name = $"{suite}/{caseId}";
            var where = $"{path}:{number}: the record of {OutsideText.Escape(name)}";
            var caseCalls = root.TryGetProperty("tool_calls", out var callsElement) ? ToolCalls(callsElement, where, "tool_calls") : [];
            var runs = new List<RecordedRun>();
            if (root.TryGetProperty("repeats", out var repeats) && repeats.ValueKind == JsonValueKind.Array && repeats.GetArrayLength() > 0)
            {
                var index = 0;
                foreach (var run in repeats.EnumerateArray())
                {
                    var field = $"repeats[{index++}]";
                    if (run.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{where}: '{field}' is not an object.");
                    }

                    if (Text(run, "output") is not { } runOutput)
                    {
                        continue;
                    }

                    IReadOnlyList<ToolCall> runCalls = run.TryGetProperty("tool_calls", out var runCallsElement)
                        ? ToolCalls(runCallsElement, where, field + ".tool_calls")
                        : caseCalls.Count == 0 ? [] : throw new InvalidDataException(
                            $"{where}: '{field}' has no 'tool_calls' while the case's answer calls tools (results written before repeats recorded their tool calls cannot be compared: run again with --results).");
                    runs.Add(new RecordedRun(runOutput, runCalls, run.TryGetProperty("usage", out var runUsage) ? Usage(runUsage, where, field + ".usage") : null));
                }
            }
            else if (output.ValueKind == JsonValueKind.String)
            {
                runs.Add(new RecordedRun(output.GetString()!, caseCalls, root.TryGetProperty("usage", out var usage) ? Usage(usage, where, "usage") : null));
            }

            var failure = root.TryGetProperty("failure", out var failureElement) && failureElement.ValueKind == JsonValueKind.Object
                ? Text(failureElement, "message")
                : null;
            return new RecordedCase(name, Text(root, "provider"), Text(root, "model"), new ModelIdentity
            {
                ResolvedModelId = Text(root, "resolved_model"),
                Digest = Text(root, "digest"),
                SystemFingerprint = Text(root, "system_fingerprint"),
            }, runs, runs.Count == 0 ? failure ?? $"the recorded run of {name} produced no output" : null);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}:{number}: not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>A recorded answer's tool calls, in the canonical form <c>ToolCallReader</c> gives live ones.</summary>
    private static List<ToolCall> ToolCalls(JsonElement element, string where, string field)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{where}: '{field}' is not an array.");
        }

        if (element.GetArrayLength() > MaxToolCalls)
        {
            throw new InvalidDataException($"{where}: '{field}' holds more than {MaxToolCalls} tool calls.");
        }

        var calls = new List<ToolCall>();
        var index = 0;
        foreach (var call in element.EnumerateArray())
        {
            var at = $"{field}[{index++}]";
            if (call.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{where}: '{at}' is not an object.");
            }

            if (Text(call, "name") is not { Length: > 0 } name)
            {
                throw new InvalidDataException($"{where}: '{at}.name' is missing or not a non-empty string.");
            }

            if (Text(call, "arguments") is not { } arguments)
            {
                throw new InvalidDataException($"{where}: '{at}.arguments' is missing or not a string.");
            }

            var valid = true;
            if (call.TryGetProperty("arguments_valid", out var validElement))
            {
                valid = validElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw new InvalidDataException($"{where}: '{at}.arguments_valid' is not true or false."),
                };
            }

            if (!valid)
            {
                calls.Add(new ToolCall(name, arguments) { ArgumentsValid = false });
            }
            else if (CanonicalJson.TryCanonicalizeObject(arguments, out var canonical, out var error))
            {
                calls.Add(new ToolCall(name, canonical));
            }
            else
            {
                throw new InvalidDataException($"{where}: '{at}.arguments' of {OutsideText.Escape(name)} is not a JSON object: {OutsideText.Escape(error)}");
            }
        }

        return calls;
    }

    /// <summary>A recorded run's tokens; null when the file recorded none.</summary>
    private static TokenUsage? Usage(JsonElement element, string where, string field)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: '{field}' is not an object.");
        }

        var estimated = element.TryGetProperty("estimated", out var estimatedElement) ? estimatedElement.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"{where}: '{field}.estimated' is not true or false."),
        } : false;
        return new TokenUsage(Tokens(element, "input_tokens"), Tokens(element, "output_tokens"), estimated);

        long Tokens(JsonElement usage, string name) =>
            usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0
                ? count
                : throw new InvalidDataException($"{where}: '{field}.{name}' is missing or not a whole number of tokens (>= 0).");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
