using System.Text.RegularExpressions;
using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;
using NJsonSchema.Validation;

namespace LlmGuard.Assertions;

/// <summary>Checks a case's assertions against a model output.</summary>
/// <remarks>
/// <para>The output and the expected texts are compared with line endings normalized to LF. Lengths and positions count Unicode
/// scalar values (a character outside the Basic Multilingual Plane, such as an emoji, counts once); positions start at 1.</para>
/// <para>is-json and json-schema ignore a Markdown code fence (<c>```json … ```</c>) enclosing the whole output.</para>
/// <para>A <c>not-</c> assertion passes exactly when its plain form fails. An assertion that cannot be evaluated (a missing argument,
/// an invalid pattern or schema, a regex that times out) fails in both forms.</para>
/// </remarks>
internal static class AssertionEvaluator
{
    /// <summary>The most json-schema validation errors listed in one message.</summary>
    public const int MaxSchemaErrors = 5;

    /// <summary>Evaluates the assertions in order.</summary>
    /// <param name="output">The model output.</param>
    /// <param name="assertions">The case's assertions.</param>
    /// <returns>One failure per assertion that did not hold, in declaration order; empty when all hold.</returns>
    public static IReadOnlyList<AssertionFailure> Evaluate(string output, IReadOnlyList<AssertionDefinition> assertions)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(assertions);

        var text = LineEndings.ToLf(output);
        var failures = new List<AssertionFailure>();
        foreach (var assertion in assertions)
        {
            if (Check(text, assertion) is { } message)
            {
                failures.Add(new AssertionFailure(assertion, message));
            }
        }

        return failures;
    }

    private static string? Check(string output, AssertionDefinition assertion)
    {
        var outcome = assertion.Kind switch
        {
            AssertionKind.EqualsText => CheckEquals(output, assertion),
            AssertionKind.Contains => CheckContains(output, assertion),
            AssertionKind.StartsWith => CheckStartsWith(output, assertion),
            AssertionKind.Regex => CheckRegex(output, assertion),
            AssertionKind.IsJson => CheckIsJson(output),
            AssertionKind.JsonSchema => CheckJsonSchema(output, assertion),
            AssertionKind.MinLength => CheckLength(output, assertion, atLeast: true),
            AssertionKind.MaxLength => CheckLength(output, assertion, atLeast: false),
            AssertionKind.OneOf => CheckOneOf(output, assertion),
            _ => Outcome.Unusable($"unknown assertion kind {assertion.Kind}"),
        };

        if (outcome.Error is { } error)
        {
            return $"{assertion.Name}: {error}";
        }

        var holds = outcome.Holds != assertion.Negated;
        return holds ? null : $"{assertion.Name}: {(assertion.Negated ? outcome.NegatedFailure : outcome.Failure)()}";
    }

    private static Outcome CheckEquals(string output, AssertionDefinition assertion)
    {
        if (assertion.Text is null)
        {
            return Outcome.Unusable("the assertion has no text");
        }

        var expected = LineEndings.ToLf(assertion.Text);
        if (output == expected)
        {
            return Outcome.Held(() => $"expected the output not to equal {Quote(expected)}; actual {Describe(output)} is exactly that text");
        }

        var index = FirstDifference(output, expected);
        return Outcome.Failed(() =>
            $"expected the output to equal {Quote(expected)}; actual {Describe(output)}: {Quote(output)}; first difference at character {Excerpt.CharacterPosition(output, index)}: \"{Excerpt.Around(output, index)}\"");
    }

    private static Outcome CheckContains(string output, AssertionDefinition assertion)
    {
        if (assertion.Text is null)
        {
            return Outcome.Unusable("the assertion has no text");
        }

        var expected = LineEndings.ToLf(assertion.Text);
        var index = output.IndexOf(expected, StringComparison.Ordinal);
        return index >= 0
            ? Outcome.Held(() => $"expected the output not to contain {Quote(expected)}; found at character {Excerpt.CharacterPosition(output, index)}: \"{Excerpt.Around(output, index)}\"")
            : Outcome.Failed(() => $"expected the output to contain {Quote(expected)}; actual {Describe(output)}: {Quote(output)}");
    }

    private static Outcome CheckStartsWith(string output, AssertionDefinition assertion)
    {
        if (assertion.Text is null)
        {
            return Outcome.Unusable("the assertion has no text");
        }

        var expected = LineEndings.ToLf(assertion.Text);
        return output.StartsWith(expected, StringComparison.Ordinal)
            ? Outcome.Held(() => $"expected the output not to start with {Quote(expected)}; actual {Describe(output)}: {Quote(output)}")
            : Outcome.Failed(() => $"expected the output to start with {Quote(expected)}; actual {Describe(output)}: {Quote(output)}");
    }

    private static Outcome CheckRegex(string output, AssertionDefinition assertion)
    {
        if (assertion.Text is null)
        {
            return Outcome.Unusable("the assertion has no pattern");
        }

        Regex regex;
        try
        {
            regex = RegexCache.Get(assertion.Text);
        }
        catch (ArgumentException exception)
        {
            return Outcome.Unusable($"the pattern {Quote(assertion.Text)} is not a valid .NET regular expression: {exception.Message}");
        }

        Match match;
        try
        {
            match = regex.Match(output);
        }
        catch (RegexMatchTimeoutException)
        {
            return Outcome.Unusable(
                $"the pattern {Quote(assertion.Text)} took longer than {RegexCache.DescribeTimeout()} on the output {Describe(output)} and was abandoned (it probably backtracks catastrophically); the assertion could not be evaluated");
        }

        return match.Success
            ? Outcome.Held(() => $"expected the output not to match the regex {Quote(assertion.Text)}; matched at character {Excerpt.CharacterPosition(output, match.Index)}: {Quote(match.Value)}")
            : Outcome.Failed(() => $"expected the output to match the regex {Quote(assertion.Text)}; actual {Describe(output)}: {Quote(output)}");
    }

    private static Outcome CheckIsJson(string output)
    {
        using var document = JsonText.TryParse(output, out var error);

        // The messages are built after the document is disposed: read what they need now.
        var kind = document?.RootElement.ValueKind;
        return kind is { } parsedKind
            ? Outcome.Held(() => $"expected the output not to be valid JSON; it parses as a JSON {JsonText.DescribeKind(parsedKind)}; actual {Describe(output)}: {Quote(output)}")
            : Outcome.Failed(() => $"expected the output to be valid JSON; it is not ({error}); actual {Describe(output)}: {Quote(output)}");
    }

    private static Outcome CheckJsonSchema(string output, AssertionDefinition assertion)
    {
        if (assertion.SchemaJson is null)
        {
            return Outcome.Unusable("the assertion has no schema");
        }

        var schema = JsonSchemaCache.Get(assertion.SchemaJson);
        if (schema.Error is { } schemaError)
        {
            return Outcome.Unusable($"the schema is not usable: {schemaError}");
        }

        using var document = JsonText.TryParse(output, out var parseError);
        if (document is null)
        {
            // Not JSON cannot match a schema, so the negated form holds.
            return Outcome.Failed(() => $"expected the output to be JSON matching the schema; it is not valid JSON ({parseError}); actual {Describe(output)}: {Quote(output)}");
        }

        string Matches() => $"expected the output not to match the schema; it matches; actual {Describe(output)}: {Quote(output)}";
        if (schema.BooleanSchema is { } accepts)
        {
            return accepts ? Outcome.Held(Matches) : Outcome.Failed(() => $"expected the output to match the schema; the schema false accepts nothing; actual {Describe(output)}: {Quote(output)}");
        }

        var errors = Flatten(schema.Schema!.Validate(JsonText.StripCodeFence(output))).ToList();
        if (errors.Count == 0)
        {
            return Outcome.Held(Matches);
        }

        var listed = string.Join("; ", errors.Take(MaxSchemaErrors).Select(error => $"{error.Path}: {error.Kind}"));
        var more = errors.Count > MaxSchemaErrors ? $"; and {errors.Count - MaxSchemaErrors} more" : "";
        var count = errors.Count == 1 ? "1 error" : $"{errors.Count} errors";
        return Outcome.Failed(() => $"expected the output to match the schema; {count}: {listed}{more}; actual {Describe(output)}: {Quote(output)}");
    }

    // An invalid array item wraps the item's own errors; list those, which carry the precise path.
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(error => error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.AdditionalItemNotValid
            ? Flatten(child.Errors.SelectMany(pair => pair.Value))
            : [error]);

    private static Outcome CheckLength(string output, AssertionDefinition assertion, bool atLeast)
    {
        if (assertion.Length is not { } bound)
        {
            return Outcome.Unusable("the assertion has no length");
        }

        var length = Excerpt.CountCharacters(output);
        string Actual() => $"actual ({length} chars): {Quote(output)}";
        return atLeast
            ? new Outcome(length >= bound, () => $"expected the output to have at least {bound} characters; {Actual()}", () => $"expected the output to have fewer than {bound} characters; {Actual()}", null)
            : new Outcome(length <= bound, () => $"expected the output to have at most {bound} characters; {Actual()}", () => $"expected the output to have more than {bound} characters; {Actual()}", null);
    }

    private static Outcome CheckOneOf(string output, AssertionDefinition assertion)
    {
        if (assertion.Values.Count == 0)
        {
            return Outcome.Unusable("the assertion has no values");
        }

        var trimmed = output.Trim();
        var values = string.Join(", ", assertion.Values.Select(Quote));
        var match = assertion.Values.FirstOrDefault(value => LineEndings.ToLf(value) == trimmed);
        return match is not null
            ? Outcome.Held(() => $"expected the output (trimmed) not to be any of {values}; it is {Quote(match)}")
            : Outcome.Failed(() => $"expected the output (trimmed) to be one of {values}; actual {Describe(output)}: {Quote(output)}");
    }

    private static int FirstDifference(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        var index = 0;
        while (index < length && left[index] == right[index])
        {
            index++;
        }

        return index > 0 && char.IsHighSurrogate(left[index - 1]) ? index - 1 : index;
    }

    private static string Describe(string output) => $"({Excerpt.CountCharacters(output)} chars)";

    private static string Quote(string text) => $"\"{Excerpt.Of(text)}\"";

    /// <summary>
    /// Whether the plain form holds, the messages for a failing plain or negated form (built only when reported: they
    /// quote and measure the whole output, which dominated the cost of passing assertions), or why it cannot be evaluated.
    /// </summary>
    private readonly record struct Outcome(bool Holds, Func<string> Failure, Func<string> NegatedFailure, string? Error)
    {
        private static readonly Func<string> NoMessage = () => "";

        public static Outcome Held(Func<string> negatedFailure) => new(true, NoMessage, negatedFailure, null);

        public static Outcome Failed(Func<string> failure) => new(false, failure, NoMessage, null);

        public static Outcome Unusable(string error) => new(false, NoMessage, NoMessage, error);
    }
}
