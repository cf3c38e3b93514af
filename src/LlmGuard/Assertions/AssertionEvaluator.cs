using LlmGuard.Results;
using LlmGuard.Suites;
using LlmGuard.Text;

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
    private static readonly IAssertionCheck[] Checks = ByKind(
        new EqualsCheck(), new ContainsCheck(), new StartsWithCheck(), new RegexCheck(), new IsJsonCheck(), new JsonSchemaCheck(),
        new LengthCheck(atLeast: true), new LengthCheck(atLeast: false), new OneOfCheck(), new ToolCalledCheck(), new ToolArgsSchemaCheck());

    /// <summary>Evaluates the assertions in order against a text-only answer.</summary>
    /// <param name="output">The model output.</param>
    /// <param name="assertions">The case's assertions.</param>
    /// <param name="cancellationToken">Checked before each assertion.</param>
    /// <returns>One failure per assertion that did not hold, in declaration order; empty when all hold.</returns>
    public static IReadOnlyList<AssertionFailure> Evaluate(string output, IReadOnlyList<AssertionDefinition> assertions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Evaluate(ModelAnswer.OfText(output), assertions, cancellationToken);
    }

    /// <summary>Evaluates the assertions in order against an answer's text and tool calls.</summary>
    /// <param name="answer">The model's answer.</param>
    /// <param name="assertions">The case's assertions.</param>
    /// <param name="cancellationToken">Checked before each assertion.</param>
    /// <returns>One failure per assertion that did not hold, in declaration order; empty when all hold.</returns>
    public static IReadOnlyList<AssertionFailure> Evaluate(ModelAnswer answer, IReadOnlyList<AssertionDefinition> assertions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(assertions);

        var normalized = answer with { Text = LineEndings.ToLf(answer.Text) };
        var failures = new List<AssertionFailure>();
        foreach (var assertion in assertions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Check(normalized, assertion) is { } message)
            {
                failures.Add(new AssertionFailure(assertion, message));
            }
        }

        return failures;
    }

    private static string? Check(ModelAnswer answer, AssertionDefinition assertion)
    {
        var outcome = (int)assertion.Kind < Checks.Length
            ? Checks[(int)assertion.Kind].Check(answer, assertion)
            : AssertionOutcome.Unusable($"unknown assertion kind {assertion.Kind}");
        if (outcome.Error is { } error)
        {
            return $"{assertion.Name}: {error}";
        }

        var holds = outcome.Holds != assertion.Negated;
        return holds ? null : $"{assertion.Name}: {(assertion.Negated ? outcome.NegatedFailure : outcome.Failure)()}";
    }

    /// <summary>The checks indexed by kind; every kind must have exactly one.</summary>
    private static IAssertionCheck[] ByKind(params IAssertionCheck[] checks)
    {
        var byKind = new IAssertionCheck[Enum.GetValues<AssertionKind>().Length];
        foreach (var check in checks)
        {
            byKind[(int)check.Kind] = byKind[(int)check.Kind] is null ? check : throw new InvalidOperationException($"Two checks for {check.Kind}.");
        }

        var missing = Enum.GetValues<AssertionKind>().Where(kind => byKind[(int)kind] is null).ToList();
        return missing.Count == 0 ? byKind : throw new InvalidOperationException($"No check for {string.Join(", ", missing)}.");
    }
}
