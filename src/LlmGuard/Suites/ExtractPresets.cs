namespace LlmGuard.Suites;

/// <summary>The spelling of built-in extractors in suite files.</summary>
internal static class ExtractPresets
{
    private static readonly IReadOnlyDictionary<string, ExtractPreset> ByName = new Dictionary<string, ExtractPreset>(StringComparer.Ordinal)
    {
        ["final-number"] = ExtractPreset.FinalNumber,
        ["numbers"] = ExtractPreset.Numbers,
        ["code-block"] = ExtractPreset.CodeBlock,
        ["refusal"] = ExtractPreset.Refusal,
    };

    /// <summary>Every name.</summary>
    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)ByName.Keys;

    /// <summary>Looks up a name.</summary>
    public static bool TryParse(string name, out ExtractPreset preset) => ByName.TryGetValue(name, out preset);

    /// <summary>The name of a preset as written in a suite.</summary>
    public static string ToName(ExtractPreset preset) => ByName.First(pair => pair.Value == preset).Key;
}
