using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation;

namespace LlmGuard.Assertions;

/// <summary><c>json-schema</c>: the output is JSON that validates against the schema; the first errors are listed with their paths.</summary>
internal sealed class JsonSchemaCheck : IAssertionCheck
{
    public AssertionKind Kind => AssertionKind.JsonSchema;

    /// <summary>The most validation errors listed in one message.</summary>
    public const int MaxErrors = 5;

    public AssertionOutcome Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var output = answer.Text;
        if (assertion.SchemaJson is null)
        {
            return AssertionOutcome.Unusable("the assertion has no schema");
        }

        var schema = JsonSchemaCache.Get(assertion.SchemaJson);
        if (schema.Error is { } schemaError)
        {
            return AssertionOutcome.Unusable($"the schema is not usable: {schemaError}");
        }

        using var document = JsonText.TryParse(output, out var parseError);
        if (document is null)
        {
            // Not JSON cannot match a schema, so the negated form holds.
            return AssertionOutcome.Failed(() => $"expected the output to be JSON matching the schema; it is not valid JSON ({parseError}); actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
        }

        string Matches() => $"expected the output not to match the schema; it matches; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}";
        if (schema.BooleanSchema is { } accepts)
        {
            return accepts ? AssertionOutcome.Held(Matches) : AssertionOutcome.Failed(() => $"expected the output to match the schema; the schema false accepts nothing; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
        }

        List<ValidationError> errors;
        try
        {
            errors = Flatten(new TimedPatternValidator().Validate(JsonText.StripCodeFence(output), schema.Schema!, SchemaType.JsonSchema)).ToList();
        }
        catch (RegexMatchTimeoutException exception)
        {
            return AssertionOutcome.Unusable(
                $"the schema's pattern {AssertionText.Quote(exception.Pattern)} took longer than {RegexCache.DescribeTimeout()} on the output {AssertionText.Describe(output)} and was abandoned (it probably backtracks catastrophically); the assertion could not be evaluated");
        }

        if (errors.Count == 0)
        {
            return AssertionOutcome.Held(Matches);
        }

        var listed = string.Join("; ", errors.Take(MaxErrors).Select(error => $"{error.Path}: {error.Kind}"));
        var more = errors.Count > MaxErrors ? $"; and {errors.Count - MaxErrors} more" : "";
        var count = errors.Count == 1 ? "1 error" : $"{errors.Count} errors";
        return AssertionOutcome.Failed(() => $"expected the output to match the schema; {count}: {listed}{more}; actual {AssertionText.Describe(output)}: {AssertionText.Quote(output)}");
    }

    // An invalid array item wraps the item's own errors; list those, which carry the precise path.
    internal static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(error => error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.AdditionalItemNotValid
            ? Flatten(child.Errors.SelectMany(pair => pair.Value))
            : [error]);
}
