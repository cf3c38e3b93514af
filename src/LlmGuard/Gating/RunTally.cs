using System.Globalization;
using LlmGuard.Execution;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>
/// Accumulates results as they stream by (keeping counts, not results) and applies each suite's gate:
/// provider errors, assertion failures, new and request-changed cases always fail; changed cases fail beyond
/// the suite's allowed share or when tagged critical; a gating identity change fails. In update mode, new,
/// changed and request-changed cases were just accepted, so only assertion failures and errors fail.
/// </summary>
public sealed class RunTally(RunMode mode)
{
    private readonly Dictionary<string, SuiteTally> suites = new(StringComparer.Ordinal);

    /// <summary>Adds a result.</summary>
    public void Add(Suite suite, CaseResult result)
    {
        if (!suites.TryGetValue(suite.Id, out var tally))
        {
            suites[suite.Id] = tally = new SuiteTally(suite);
        }

        tally.Counts[result.Outcome] = tally.Counts.GetValueOrDefault(result.Outcome) + 1;
        if (result.Outcome == CaseOutcome.Changed && result.Tags.FirstOrDefault(tag => suite.Gate.CriticalTags.Contains(tag)) is { } critical)
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

    private SuiteVerdict Decide(SuiteTally tally)
    {
        var gate = tally.Suite.Gate;
        var total = tally.Counts.Values.Sum();
        int Count(CaseOutcome outcome) => tally.Counts.GetValueOrDefault(outcome);
        var reasons = new List<string>();
        var errors = Count(CaseOutcome.ProviderError);
        if (errors > 0)
        {
            reasons.Add(Plural(errors, "case", "cases") + " failed with a provider error");
        }

        if (Count(CaseOutcome.AssertionFailed) is > 0 and var failed)
        {
            reasons.Add(Plural(failed, "case has", "cases have") + " failing assertions");
        }

        if (mode != RunMode.Update)
        {
            if (Count(CaseOutcome.New) is > 0 and var created)
            {
                reasons.Add(Plural(created, "case has", "cases have") + " no verified snapshot (new)");
            }

            if (Count(CaseOutcome.RequestChanged) is > 0 and var stale)
            {
                reasons.Add(Plural(stale, "case's request", "cases' requests") + " changed since recording");
            }

            var changed = Count(CaseOutcome.Changed);
            var allowed = (int)Math.Floor(gate.MaxChangedShare * total + 1e-9);
            if (changed > allowed)
            {
                reasons.Add($"{Plural(changed, "case", "cases")} changed ({Percent(changed, total)} of {total}); the gate allows {Percent(gate.MaxChangedShare)}");
            }

            if (tally.CriticalChanges.Count > 0)
            {
                reasons.Add("critical cases changed: " + string.Join(", ", tally.CriticalChanges));
            }

            foreach (var change in tally.IdentityChanges.Where(change => change.Gating))
            {
                reasons.Add($"model identity changed: {change}");
            }
        }

        var errorsOnly = reasons.Count == 1 && errors > 0;
        return new SuiteVerdict(tally.Suite.Id, new Dictionary<CaseOutcome, int>(tally.Counts), reasons.Count == 0, reasons, errorsOnly, tally.IdentityChanges);
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    private static string Percent(int part, int total) => Percent(total == 0 ? 0 : (double)part / total);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private sealed class SuiteTally(Suite suite)
    {
        public Suite Suite { get; } = suite;

        public Dictionary<CaseOutcome, int> Counts { get; } = [];

        public List<string> CriticalChanges { get; } = [];

        public List<IdentityChange> IdentityChanges { get; } = [];
    }
}
