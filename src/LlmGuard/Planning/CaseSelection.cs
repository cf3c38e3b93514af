using LlmGuard.Suites;

namespace LlmGuard.Planning;

/// <summary>Which cases of a suite set to run: by suite id, case id (or <c>suite/case</c>) and tag. Empty lists select everything.</summary>
public sealed record CaseSelection
{
    /// <summary>Suite ids to run.</summary>
    public IReadOnlyList<string> Suites { get; init; } = [];

    /// <summary>Case ids, or <c>suite/case</c> names, to run.</summary>
    public IReadOnlyList<string> Cases { get; init; } = [];

    /// <summary>Tags; a case runs when it has any of them.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Selects every case.</summary>
    public static CaseSelection All { get; } = new();

    /// <summary>True when nothing is filtered out, so orphaned snapshots can be reported.</summary>
    public bool IsEverything => Suites.Count == 0 && Cases.Count == 0 && Tags.Count == 0;

    /// <summary>The plans of the selected cases, in suite order then file order.</summary>
    public IEnumerable<CasePlan> Plan(IEnumerable<Suite> suites) =>
        Select(suites).Select(selected => CasePlan.Create(selected.Suite, selected.Case));

    /// <summary>How many cases are selected, without planning them (planning computes each request's fingerprint).</summary>
    public int Count(IEnumerable<Suite> suites) => Select(suites).Count();

    private IEnumerable<(Suite Suite, SuiteCase Case)> Select(IEnumerable<Suite> suites) =>
        from suite in suites
        where Suites.Count == 0 || Suites.Contains(suite.Id, StringComparer.Ordinal)
        from suiteCase in suite.Cases
        where Cases.Count == 0 || Cases.Contains(suiteCase.Id, StringComparer.Ordinal) || Cases.Contains($"{suite.Id}/{suiteCase.Id}", StringComparer.Ordinal)
        where Tags.Count == 0 || suiteCase.Tags.Any(tag => Tags.Contains(tag, StringComparer.Ordinal))
        select (suite, suiteCase);
}
