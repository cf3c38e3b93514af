using LlmGuard.Suites;

namespace LlmGuard.Loading;

/// <summary>The cases of one suite as they are parsed, with the ids seen so far (to report duplicates).</summary>
internal sealed class StreamedCases(CaseDefaults defaults)
{
    public CaseDefaults Defaults { get; } = defaults;

    public List<SuiteCase> Cases { get; } = [];

    public Dictionary<string, SourceLocation> Locations { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Entries of the 'cases' list, valid or not.</summary>
    public int ItemCount { get; set; }
}
