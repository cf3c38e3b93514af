using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>
/// Accumulates results as they stream by (keeping counts, not results) and applies each suite's gate, as
/// <see cref="GatePolicy"/> assesses every case: a case that fails on its own fails the suite, and the changed
/// cases together fail it beyond the suite's allowed share.
/// </summary>
internal sealed class RunTally(RunMode mode)
{
    private readonly Dictionary<string, SuiteTally> suites = new(StringComparer.Ordinal);

    /// <summary>Adds a result.</summary>
    public void Add(Suite suite, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(result);
        if (!suites.TryGetValue(suite.Id, out var tally))
        {
            suites[suite.Id] = tally = new SuiteTally(suite, new GatePolicy(suite.Gate, mode));
        }

        var assessment = tally.Policy.Assess(result);
        tally.Counts[result.Outcome] = tally.Counts.GetValueOrDefault(result.Outcome) + 1;
        if (assessment.FailsOnOutcome)
        {
            tally.FailedOnOutcome[result.Outcome] = tally.FailedOnOutcome.GetValueOrDefault(result.Outcome) + 1;
        }

        if (assessment.CountsAsChange)
        {
            tally.Changes++;
        }

        if (assessment.CriticalTag is { } critical)
        {
            tally.CriticalChanges.Add($"{result.Case} (tag '{critical}')");
        }

        foreach (var change in result.IdentityChanges)
        {
            if (!tally.IdentityChanges.Contains(change))
            {
                tally.IdentityChanges.Add(change);
            }
        }
    }

    /// <summary>The verdict over everything added so far.</summary>
    public RunVerdict Verdict(bool interrupted, IReadOnlyList<string> orphans) =>
        new([.. suites.Values.OrderBy(t => t.Suite.Id, StringComparer.Ordinal).Select(Decide)], interrupted, orphans);

    private static SuiteVerdict Decide(SuiteTally tally)
    {
        var total = tally.Counts.Values.Sum();
        int Failed(CaseOutcome outcome) => tally.FailedOnOutcome.GetValueOrDefault(outcome);
        var reasons = new List<string>();
        var errors = Failed(CaseOutcome.ProviderError);
        if (errors > 0)
        {
            reasons.Add(Plural(errors, "case", "cases") + " failed with a provider error");
        }

        if (Failed(CaseOutcome.AssertionFailed) is > 0 and var failed)
        {
            reasons.Add(Plural(failed, "case has", "cases have") + " failing assertions");
        }

        if (Failed(CaseOutcome.New) is > 0 and var created)
        {
            reasons.Add(Plural(created, "case has", "cases have") + " no verified snapshot (new)");
        }

        if (Failed(CaseOutcome.RequestChanged) is > 0 and var stale)
        {
            reasons.Add(Plural(stale, "case's request", "cases' requests") + " changed since recording");
        }

        if (tally.Policy.ChangedShareExceeded(tally.Changes, total))
        {
            var share = GatePolicy.Percent(total == 0 ? 0 : (double)tally.Changes / total);
            reasons.Add($"{Plural(tally.Changes, "case", "cases")} changed ({share} of {total}); the gate allows {tally.Policy.MaxChangedSharePercent}");
        }

        if (tally.CriticalChanges.Count > 0)
        {
            reasons.Add("critical cases changed: " + string.Join(", ", tally.CriticalChanges));
        }

        foreach (var change in tally.IdentityChanges.Where(tally.Policy.FailsOn))
        {
            reasons.Add($"model identity changed: {change}");
        }

        var errorsOnly = reasons.Count == 1 && errors > 0;
        return new SuiteVerdict(tally.Suite.Id, new Dictionary<CaseOutcome, int>(tally.Counts), reasons.Count == 0, reasons, errorsOnly, tally.IdentityChanges);
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    private sealed class SuiteTally(Suite suite, GatePolicy policy)
    {
        public Suite Suite { get; } = suite;

        public GatePolicy Policy { get; } = policy;

        public Dictionary<CaseOutcome, int> Counts { get; } = [];

        public Dictionary<CaseOutcome, int> FailedOnOutcome { get; } = [];

        public int Changes { get; set; }

        public List<string> CriticalChanges { get; } = [];

        public List<IdentityChange> IdentityChanges { get; } = [];
    }
}
