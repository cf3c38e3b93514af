using LlmGuard.Suites;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Loading;

/// <summary>The suite's <c>defaults</c> block, applied to every case.</summary>
internal sealed record CaseDefaults(
    IReadOnlyDictionary<string, string> Vars,
    IReadOnlyList<string> Tags,
    IReadOnlyList<(AssertionDefinition Assertion, YamlNode Node)> Expect,
    CompareOptions? Compare,
    IReadOnlyList<ScrubberDefinition> Scrub,
    int? Repeat)
{
    public static CaseDefaults None { get; } = new(new Dictionary<string, string>(), [], [], null, [], null);
}
