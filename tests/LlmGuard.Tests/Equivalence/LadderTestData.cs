using LlmGuard.Equivalence;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Equivalence;

/// <summary>Cases and ladder inputs built in code.</summary>
internal static class LadderTestData
{
    public static SuiteCase Case(CompareOptions? compare = null, IReadOnlyList<AssertionDefinition>? expect = null, IReadOnlyList<ScrubberDefinition>? scrub = null) => new()
    {
        Id = "case",
        Messages = [new ChatMessageDefinition("user", "What is the answer?")],
        Compare = compare ?? CompareOptions.Default,
        Expect = expect ?? [],
        Scrub = scrub ?? [],
    };

    public static LadderInput Input(string baseline, string candidate, CompareOptions? compare = null, IReadOnlyList<AssertionDefinition>? expect = null, IReadOnlyList<string>? variants = null) =>
        new(baseline, candidate, variants ?? [], Case(compare, expect), "What is the answer?");

    public static CompareOptions Extract(ExtractPreset preset) => new() { Extract = new ExtractDefinition { Preset = preset } };

    public static CompareOptions ExtractRegex(string pattern, bool all = false, bool ignoreCase = false) =>
        new() { Extract = new ExtractDefinition { Pattern = pattern, AllMatches = all, IgnoreCase = ignoreCase } };

    public static AssertionDefinition Contains(string text) => new() { Kind = AssertionKind.Contains, Text = text };
}
