using System.Globalization;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Statistics;
using LlmGuard.Suites;

namespace LlmGuard.Gating;

/// <summary>
/// Accumulates results as they stream by (keeping counts, case names and each case's pass rates, never outputs) and applies
/// each suite's gate, as <see cref="GatePolicy"/> assesses every case: a case that fails on its own fails the suite, the
/// changed cases together fail it beyond their allowed shares, and the suite-wide rules (provider-error budget, agreement,
/// significance) are checked at the end. Every rule is listed in the verdict with its figure. The paired statistics are part
/// of the verdict of a candidate run, a comparison, a run with repeats, or a suite that sets <c>significance</c>.
/// </summary>
internal sealed partial class RunTally(RunMode mode)
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

        tally.Add(result, tally.Policy.Assess(result));
    }

    /// <summary>The verdict over everything added so far.</summary>
    public RunVerdict Verdict(bool interrupted, IReadOnlyList<string> orphans) =>
        new([.. suites.Values.OrderBy(t => t.Suite.Id, StringComparer.Ordinal).Select(Decide)], interrupted, orphans);

    private SuiteVerdict Decide(SuiteTally tally)
    {
        var policy = tally.Policy;
        var gate = policy.Definition;
        var total = tally.Counts.Values.Sum();
        int Failed(CaseOutcome outcome) => tally.FailedOnOutcome.GetValueOrDefault(outcome);
        var rules = new List<GateRuleResult>();
        var reasons = new List<string>();

        var errors = tally.Counts.GetValueOrDefault(CaseOutcome.ProviderError);
        var errorsHeld = errors <= gate.MaxProviderErrors;
        rules.Add(new GateRuleResult("max_provider_errors", errorsHeld, Cases(errors), gate.MaxProviderErrors == 0 ? "none allowed (fail closed)" : $"at most {gate.MaxProviderErrors}")
        {
            Cases = tally.ProviderErrorCases,
        });
        if (!errorsHeld)
        {
            reasons.Add(Plural(errors, "case", "cases") + " failed with a provider error" + (gate.MaxProviderErrors > 0 ? $" (the gate allows {gate.MaxProviderErrors})" : ""));
        }

        var failedAssertions = Failed(CaseOutcome.AssertionFailed);
        rules.Add(new GateRuleResult("assertions", failedAssertions == 0, Cases(failedAssertions) + " with failing assertions", "none allowed") { Cases = tally.AssertionFailedCases });
        if (failedAssertions > 0)
        {
            reasons.Add(Plural(failedAssertions, "case has", "cases have") + " failing assertions");
        }

        if (Failed(CaseOutcome.New) is > 0 and var created)
        {
            rules.Add(new GateRuleResult("baseline", false, Cases(created) + " without a baseline (new)", "none allowed outside update mode"));
            reasons.Add(Plural(created, "case has", "cases have") + " no verified snapshot (new)");
        }

        if (Failed(CaseOutcome.RequestChanged) is > 0 and var stale)
        {
            rules.Add(new GateRuleResult("request", false, Cases(stale) + " whose request changed since recording", "none allowed outside update mode"));
            reasons.Add(Plural(stale, "case's request", "cases' requests") + " changed since recording");
        }

        var shareTotal = total - tally.CasesUnderTagShares;
        var shareExceeded = policy.ChangedShareExceeded(tally.Changes, shareTotal);
        rules.Add(new GateRuleResult("max_changed_share", !shareExceeded,
            $"{tally.Changes} of {shareTotal} case{(shareTotal == 1 ? "" : "s")} changed ({GatePolicy.Percent(shareTotal == 0 ? 0 : (double)tally.Changes / shareTotal)})",
            $"at most {policy.MaxChangedSharePercent} ({Cases(policy.AllowedChangedCases(shareTotal))})")
        {
            Cases = tally.ChangedUnderSuiteShare,
            Note = tally.CasesUnderTagShares > 0 ? $"{Cases(tally.CasesUnderTagShares)} held to their tags' own shares" : null,
        });
        if (shareExceeded)
        {
            var share = GatePolicy.Percent(shareTotal == 0 ? 0 : (double)tally.Changes / shareTotal);
            reasons.Add($"{Plural(tally.Changes, "case", "cases")} changed ({share} of {shareTotal}); the gate allows {policy.MaxChangedSharePercent}");
        }

        foreach (var (tag, share) in gate.MaxChangedShareByTag)
        {
            var tagged = tally.TaggedCases.GetValueOrDefault(tag);
            var changed = tally.TaggedChanges.GetValueOrDefault(tag) ?? [];
            var allowed = GatePolicy.Allowed(share, tagged);
            var held = changed.Count <= allowed;
            rules.Add(new GateRuleResult($"max_changed_share_by_tag.{tag}", held,
                $"{changed.Count} of {tagged} case{(tagged == 1 ? "" : "s")} tagged '{tag}' changed ({GatePolicy.Percent(tagged == 0 ? 0 : (double)changed.Count / tagged)})",
                $"at most {GatePolicy.Percent(share)} ({Cases(allowed)})") { Cases = changed });
            if (!held)
            {
                reasons.Add($"{Plural(changed.Count, "case", "cases")} tagged '{tag}' changed ({GatePolicy.Percent(tagged == 0 ? 0 : (double)changed.Count / tagged)} of {tagged}); the gate allows {GatePolicy.Percent(share)}");
            }
        }

        if (gate.CriticalTags.Count > 0 || tally.CriticalChanges.Count > 0)
        {
            rules.Add(new GateRuleResult("critical_tags", tally.CriticalChanges.Count == 0, $"{Cases(tally.CriticalChanges.Count)} with a critical tag changed", "none allowed")
            {
                Cases = tally.CriticalChanges,
            });
            if (tally.CriticalChanges.Count > 0)
            {
                reasons.Add("critical cases changed: " + string.Join(", ", tally.CriticalChanges));
            }
        }

        if (gate.NoRegressions)
        {
            rules.Add(new GateRuleResult("no_regressions", tally.Regressions.Count == 0, $"{Cases(tally.Regressions.Count)} went from pass to fail", "none allowed") { Cases = tally.Regressions });
            if (tally.Regressions.Count > 0)
            {
                reasons.Add($"{Plural(tally.Regressions.Count, "case", "cases")} regressed from pass to fail: {string.Join(", ", tally.Regressions)}");
            }
        }

        double? agreement = tally.AgreementRuns == 0 ? null : tally.AgreeingRuns / tally.AgreementRuns;
        if (gate.MinAgreement is { } minimum)
        {
            var held = agreement is null || agreement >= minimum - 1e-12;
            rules.Add(new GateRuleResult("min_agreement", held,
                agreement is null ? "no run compared" : string.Create(CultureInfo.InvariantCulture, $"{tally.AgreeingRuns:0.##} of {tally.AgreementRuns:0} runs agree with the baseline ({GatePolicy.Percent(agreement.Value)})"),
                $"at least {GatePolicy.Percent(minimum)}")
            {
                Cases = tally.DisagreeingCases,
            });
            if (!held)
            {
                reasons.Add($"agreement with the baseline is {GatePolicy.Percent(agreement!.Value)} of runs; the gate needs {GatePolicy.Percent(minimum)}");
            }
        }

        // The paired test belongs to a baseline-against-candidate question: a candidate model, a comparison, repeats, or a
        // suite that gates on it. A plain verify of the suite's own model skips it (its bootstrap is the costliest step of a
        // large suite's verdict).
        var statistics = tally.ModelChange is not null || mode == RunMode.Compare || tally.HasRepeats || gate.Significance is not null
            ? PairedTest.Compare(tally.Pairs, gate.Significance ?? PairedTest.DefaultAlpha)
            : null;
        if (gate.Significance is { } alpha)
        {
            var (held, note) = statistics?.Verdict switch
            {
                null => (true, "no case has a baseline and a candidate to pair"),
                StatisticalVerdict.SignificantRegression => (false, (string?)null),
                StatisticalVerdict.Underpowered => (gate.Underpowered != UnderpoweredPolicy.Fail,
                    $"underpowered: at least {statistics.MinimumDiscordant} cases must move to reach p < {alpha.ToString(CultureInfo.InvariantCulture)}; the test cannot decide"),
                _ => (true, null),
            };
            rules.Add(new GateRuleResult("significance", held,
                statistics is null ? "no paired cases" : string.Create(CultureInfo.InvariantCulture,
                    $"{statistics.Regressions} regressions, {statistics.Improvements} improvements of {statistics.Cases}: one-sided p = {statistics.RegressionPValue:0.####}"),
                string.Create(CultureInfo.InvariantCulture, $"no regression significant at α = {alpha}"))
            {
                Cases = statistics?.RegressedCases ?? [],
                Note = note,
            });
            if (!held)
            {
                reasons.Add(statistics!.Verdict == StatisticalVerdict.Underpowered
                    ? $"the paired test is underpowered ({statistics.Regressions + statistics.Improvements} of {statistics.Cases} cases moved; at least {statistics.MinimumDiscordant} must to decide) and the gate says 'underpowered: fail'"
                    : $"significant regression: {statistics.Describe()}");
            }
        }

        var gatingChanges = tally.IdentityChanges.Where(policy.FailsOn).ToList();
        rules.Add(new GateRuleResult("fail_on_identity_change", gatingChanges.Count == 0,
            gatingChanges.Count == 0 ? "no unexpected identity change" : string.Join("; ", gatingChanges),
            gate.FailOnIdentityChange ? "the resolved model and digest must not change while the requested model stays" : "identity changes are reported only"));
        foreach (var change in gatingChanges)
        {
            reasons.Add($"model identity changed: {change}");
        }

        var figures = tally.Figures.Summary();
        if (gate.MaxLikelihoodShift is { } shiftLimit)
        {
            rules.Add(new GateRuleResult("max_likelihood_shift", tally.LikelihoodShifts.Count == 0,
                tally.LikelihoodShifts.Count == 0
                    ? figures is { LikelihoodCases: > 0 }
                        ? "no case whose text held moved beyond the limit"
                        : "no likelihood was measured (it is measured in verify runs of a candidate model whose provider scores answers)"
                    : $"{Plural(tally.LikelihoodShifts.Count, "case whose text held", "cases whose text held")} moved",
                string.Create(CultureInfo.InvariantCulture, $"at most ±{shiftLimit} nats/token"))
            {
                Cases = tally.LikelihoodShifts,
            });
        }

        if (tally.LikelihoodShifts.Count > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the likelihood of the baseline answer moved beyond ±{tally.Policy.Definition.MaxLikelihoodShift} nats/token on {Plural(tally.LikelihoodShifts.Count, "case whose text held", "cases whose text held")}: {string.Join(", ", tally.LikelihoodShifts)}"));
        }

        rules.AddRange(policy.BudgetRules(figures));
        reasons.AddRange(policy.BudgetViolations(figures));

        var errorsOnly = reasons.Count == 1 && !errorsHeld;
        return new SuiteVerdict(tally.Suite.Id, new Dictionary<CaseOutcome, int>(tally.Counts), reasons.Count == 0, reasons, errorsOnly, tally.IdentityChanges)
        {
            Figures = figures,
            Rules = rules,
            Statistics = statistics,
            ModelChange = tally.ModelChange,
            SameWeights = tally.ModelChange is null ? null : tally.SameWeights,
            ChangedCases = tally.ChangedCases,
            IntendedChanges = tally.IntendedCases,
            DifferingOutputs = tally.DifferingOutputs,
            EquivalentByStep = new SortedDictionary<string, int>(tally.EquivalentByStep, StringComparer.Ordinal),
            Agreement = agreement,
        };
    }

    private static string Cases(int count) => Plural(count, "case", "cases");

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}
