using LlmGuard.Suites;

namespace LlmGuard.Assertions;

/// <summary>
/// Assertions a case makes without writing them: an answer to <c>response_format: json</c> must be JSON, and one to
/// <c>response_format: { json_schema: … }</c> must validate against the schema — providers enforce it more or less
/// strictly, and a model that ignores it is exactly what a regression suite is for.
/// </summary>
internal static class ImpliedAssertions
{
    /// <summary>The key named in the failures of implied assertions.</summary>
    public const string ResponseFormatKey = "response_format";

    /// <summary>The case's <c>expect</c> followed by what its response format implies.</summary>
    public static IReadOnlyList<AssertionDefinition> Of(SuiteCase suiteCase, TargetDefinition target)
    {
        var format = suiteCase.ResponseFormat ?? target.ResponseFormat;
        AssertionDefinition? implied = format?.Kind switch
        {
            ResponseFormatKind.Json => new AssertionDefinition { Kind = AssertionKind.IsJson, ImpliedBy = ResponseFormatKey, Location = format.Location },
            ResponseFormatKind.JsonSchema => new AssertionDefinition
            {
                Kind = AssertionKind.JsonSchema,
                SchemaJson = format.SchemaJson,
                ImpliedBy = ResponseFormatKey,
                Location = format.Location,
            },
            _ => null,
        };
        return implied is null ? suiteCase.Expect : [.. suiteCase.Expect, implied];
    }
}
