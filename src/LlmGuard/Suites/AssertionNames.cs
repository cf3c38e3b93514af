namespace LlmGuard.Suites;

/// <summary>The spelling of assertion kinds in suite files.</summary>
internal static class AssertionNames
{
    private static readonly IReadOnlyDictionary<string, AssertionKind> ByName = new Dictionary<string, AssertionKind>(StringComparer.Ordinal)
    {
        ["equals"] = AssertionKind.EqualsText,
        ["contains"] = AssertionKind.Contains,
        ["starts-with"] = AssertionKind.StartsWith,
        ["regex"] = AssertionKind.Regex,
        ["is-json"] = AssertionKind.IsJson,
        ["json-schema"] = AssertionKind.JsonSchema,
        ["min-length"] = AssertionKind.MinLength,
        ["max-length"] = AssertionKind.MaxLength,
        ["one-of"] = AssertionKind.OneOf,
        ["tool-called"] = AssertionKind.ToolCalled,
        ["tool-args-schema"] = AssertionKind.ToolArgsSchema,
    };

    /// <summary>Every assertion name without the <c>not-</c> prefix.</summary>
    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)ByName.Keys;

    /// <summary>Looks up a name without the <c>not-</c> prefix.</summary>
    public static bool TryParse(string name, out AssertionKind kind) => ByName.TryGetValue(name, out kind);

    /// <summary>The name of a kind as written in a suite.</summary>
    public static string ToName(AssertionKind kind) => ByName.First(pair => pair.Value == kind).Key;
}
