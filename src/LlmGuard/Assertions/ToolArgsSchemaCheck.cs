using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Assertions;

/// <summary>
/// <c>tool-args-schema</c>: the answer calls the named tool, and the arguments of every call of it are a JSON object that
/// validates against the tool's declared parameters schema (arguments the model wrote as malformed JSON fail).
/// </summary>
internal sealed class ToolArgsSchemaCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.ToolArgsSchema;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        if (assertion.Text is not { } tool || assertion.SchemaJson is not { } schemaJson)
        {
            return AssertionOutcome.Unusable("the assertion names no declared tool");
        }

        var schema = JsonSchemaCache.Get(schemaJson);
        if (schema.Error is { } schemaError)
        {
            return AssertionOutcome.Unusable($"the parameters schema of '{tool}' is not usable: {schemaError}");
        }

        var calls = answer.ToolCalls.Select((call, index) => (Call: call, Number: index + 1)).Where(pair => pair.Call.Name == tool).ToList();
        if (calls.Count == 0)
        {
            return AssertionOutcome.Failed(() => $"expected calls of '{tool}' with arguments matching its schema; the answer {(answer.ToolCalls.Count == 0 ? "calls no tool" : "calls " + ToolCallText.List(answer.ToolCalls))}");
        }

        var problems = new List<string>();
        foreach (var (call, number) in calls)
        {
            if (!call.ArgumentsValid)
            {
                problems.Add($"call {number}: the arguments are not a JSON object: {AssertionText.Quote(call.Arguments)}");
                continue;
            }

            if (schema.BooleanSchema is false)
            {
                problems.Add($"call {number}: the schema false accepts nothing");
                continue;
            }

            if (schema.Schema is { } parsed)
            {
                var errors = JsonSchemaCheck.Flatten(parsed.Validate(call.Arguments)).ToList();
                if (errors.Count > 0)
                {
                    var listed = string.Join("; ", errors.Take(JsonSchemaCheck.MaxErrors).Select(error => $"{error.Path}: {error.Kind}"));
                    var more = errors.Count > JsonSchemaCheck.MaxErrors ? $"; and {errors.Count - JsonSchemaCheck.MaxErrors} more" : "";
                    problems.Add($"call {number}: {listed}{more}; arguments {AssertionText.Quote(call.Arguments)}");
                }
            }
        }

        var all = calls.Count == 1 ? "the call" : $"all {calls.Count} calls";
        return problems.Count == 0
            ? AssertionOutcome.Held(() => $"expected arguments of '{tool}' not matching its schema; {all} match: {ToolCallText.List(calls.Select(pair => pair.Call).ToList())}")
            : AssertionOutcome.Failed(() => $"expected the arguments of '{tool}' to match its parameters schema; {string.Join("; ", problems)}");
    }
}
