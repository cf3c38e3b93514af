using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Statistics;
using LlmGuard.Suites;
using static LlmGuard.Tests.Gating.GateTestData;

namespace LlmGuard.Tests.Gating;

/// <summary>Each gate policy of drift analysis, applied by the tally and listed in the verdict with its figure.</summary>
public sealed class GateRulesTests
{
    private static SuiteVerdict Decide(GateDefinition gate, params CaseResult[] results)
    {
        var tally = new RunTally(RunMode.Verify);
        var suite = Suite("s", gate);
        foreach (var result in results)
        {
            tally.Add(suite, result);
        }

        return tally.Verdict(interrupted: false, orphans: []).Suites.Single();
    }

    private static CaseResult[] Unchanged(int count) => [.. Enumerable.Range(0, count).Select(index => Result("s", $"u{index}", CaseOutcome.Unchanged) with { PassRates = new PassRates(1, 1), Agreement = 1 })];

    private static CaseResult Changed(string id, params string[] tags) => Result("s", id, CaseOutcome.Changed, tags) with { PassRates = new PassRates(1, 0), Agreement = 0 };

    private static GateRuleResult Rule(SuiteVerdict verdict, string name) => verdict.Rules.Single(rule => rule.Rule == name);

    [Test]
    public void Every_rule_is_listed_with_its_figure_even_when_it_held()
    {
        var verdict = Decide(new GateDefinition { MaxChangedShare = 0.2 }, [.. Unchanged(9), Changed("c1")]);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True);
            Assert.That(verdict.Rules.Select(rule => rule.Rule), Is.EqualTo(new[] { "max_provider_errors", "assertions", "max_changed_share", "fail_on_identity_change" }));
            Assert.That(Rule(verdict, "max_changed_share").ToString(), Is.EqualTo("max_changed_share: 1 of 10 cases changed (10%); at most 20% (2 cases) — held: c1"));
        });
    }

    [Test]
    public void The_provider_error_budget_fails_closed_by_default_and_allows_what_the_suite_budgets()
    {
        var error = Result("s", "e", CaseOutcome.ProviderError) with { Failure = new ProviderFailure("timeout", "no answer") { Source = "judge" } };
        var closed = Decide(GateDefinition.Default, [.. Unchanged(3), error]);
        var budgeted = Decide(new GateDefinition { MaxProviderErrors = 1 }, [.. Unchanged(3), error]);
        var exceeded = Decide(new GateDefinition { MaxProviderErrors = 1 }, [.. Unchanged(3), error, error with { Case = "e2" }]);
        Assert.Multiple(() =>
        {
            Assert.That((closed.Passed, closed.ProviderErrorsOnly), Is.EqualTo((false, true)));
            Assert.That(Rule(closed, "max_provider_errors").Limit, Is.EqualTo("none allowed (fail closed)"));
            Assert.That(budgeted.Passed, Is.True);
            Assert.That(new GatePolicy(new GateDefinition { MaxProviderErrors = 1 }, RunMode.Verify).Assess(error).Decision, Is.EqualTo(CaseGateDecision.Warn));
            Assert.That(exceeded.Passed, Is.False);
            Assert.That(exceeded.Reasons.Single(), Is.EqualTo("2 cases failed with a provider error (the gate allows 1)"));
            Assert.That(Rule(exceeded, "max_provider_errors").Cases, Is.EqualTo(new[] { "e", "e2" }));
        });
    }

    [Test]
    public void Cases_with_a_tag_of_their_own_share_are_held_to_it_and_left_out_of_the_suite_share()
    {
        var gate = new GateDefinition { MaxChangedShare = 0.0, MaxChangedShareByTag = new Dictionary<string, double> { ["tone"] = 0.5 } };
        var within = Decide(gate, [.. Unchanged(6), Changed("t1", "tone"), Result("s", "t2", CaseOutcome.Unchanged, "tone"), Result("s", "t3", CaseOutcome.Unchanged, "tone"), Result("s", "t4", CaseOutcome.Unchanged, "tone")]);
        var beyond = Decide(gate, [.. Unchanged(6), Changed("t1", "tone"), Changed("t2", "tone"), Changed("t3", "tone"), Result("s", "t4", CaseOutcome.Unchanged, "tone")]);
        var untagged = Decide(gate, [.. Unchanged(6), Changed("x")]);
        Assert.Multiple(() =>
        {
            Assert.That(within.Passed, Is.True, string.Join("\n", within.Rules));
            Assert.That(Rule(within, "max_changed_share_by_tag.tone").Figure, Is.EqualTo("1 of 4 cases tagged 'tone' changed (25%)"));
            Assert.That(Rule(within, "max_changed_share").Figure, Is.EqualTo("0 of 6 cases changed (0%)"));
            Assert.That(beyond.Passed, Is.False);
            Assert.That(beyond.Reasons, Has.One.EqualTo("3 cases tagged 'tone' changed (75% of 4); the gate allows 50%"));
            Assert.That(untagged.Passed, Is.False, "other cases keep the suite's share of 0");
        });
    }

    [Test]
    public void Intended_changes_are_listed_and_never_gated()
    {
        var intended = Result("s", "greet", CaseOutcome.IntendedChange, "tone") with { Intended = true, PassRates = new PassRates(1, 1) };
        var verdict = Decide(GateDefinition.Default, [.. Unchanged(3), intended]);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True);
            Assert.That(verdict.IntendedChanges, Is.EqualTo(new[] { "greet" }));
            Assert.That(verdict.ChangedCases, Is.Empty);
            Assert.That(new GatePolicy(GateDefinition.Default, RunMode.Verify).Assess(intended).Decision, Is.EqualTo(CaseGateDecision.Pass));
        });
    }

    [TestCase(CaseOutcome.JudgedEquivalent)]
    [TestCase(CaseOutcome.Unstable)]
    public void Judged_equivalent_and_unstable_cases_pass(CaseOutcome outcome) =>
        Assert.That(new GatePolicy(GateDefinition.Default, RunMode.Verify).Assess(Result("s", "c", outcome)).Decision, Is.EqualTo(CaseGateDecision.Pass));

    [Test]
    public void No_regressions_fails_a_pass_to_fail_transition_even_within_the_share()
    {
        var gate = new GateDefinition { MaxChangedShare = 0.5, NoRegressions = true };
        var verdict = Decide(gate, [.. Unchanged(3), Changed("c1")]);
        var improvement = Decide(gate, [.. Unchanged(3), Result("s", "i", CaseOutcome.Unchanged) with { PassRates = new PassRates(0, 1) }]);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.False);
            Assert.That(Rule(verdict, "no_regressions").Cases, Is.EqualTo(new[] { "c1" }));
            Assert.That(verdict.Reasons, Has.One.EqualTo("1 case regressed from pass to fail: c1"));
            Assert.That(improvement.Passed, Is.True);
        });
    }

    [Test]
    public void Min_agreement_is_the_share_of_all_runs_agreeing_with_the_baseline_weighted_by_repeats()
    {
        RepeatRun[] Runs(int count) => [.. Enumerable.Range(1, count).Select(index => new RepeatRun(index, CaseOutcome.Unchanged) { Output = "x" })];
        var flaky = Result("s", "flaky", CaseOutcome.Unstable) with { Agreement = 0.6, Repeats = Runs(5) };
        var steady = Result("s", "steady", CaseOutcome.Unchanged) with { Agreement = 1, Repeats = Runs(5) };
        var gate = new GateDefinition { MinAgreement = 0.85 };
        var verdict = Decide(gate, flaky, steady);
        var lenient = Decide(gate with { MinAgreement = 0.8 }, flaky, steady);
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Agreement, Is.EqualTo(0.8).Within(1e-12), "(3 + 5) of 10 runs");
            Assert.That(verdict.Passed, Is.False);
            Assert.That(Rule(verdict, "min_agreement").Cases, Is.EqualTo(new[] { "flaky" }));
            Assert.That(lenient.Passed, Is.True);
        });
    }

    [Test]
    public void Significance_fails_a_significant_regression_and_says_when_the_cases_cannot_decide()
    {
        var gate = new GateDefinition { MaxChangedShare = 1, Significance = 0.05 };
        var significant = Decide(gate, [.. Unchanged(5), .. Enumerable.Range(0, 5).Select(index => Changed($"c{index}"))]);
        var underpowered = Decide(gate, [.. Unchanged(7), Changed("c1"), Changed("c2")]);
        var strict = Decide(gate with { Underpowered = UnderpoweredPolicy.Fail }, [.. Unchanged(7), Changed("c1"), Changed("c2")]);
        Assert.Multiple(() =>
        {
            Assert.That(significant.Passed, Is.False);
            Assert.That(significant.Statistics!.Verdict, Is.EqualTo(StatisticalVerdict.SignificantRegression));
            Assert.That(significant.Reasons.Single(), Does.StartWith("significant regression: 5 regressions, 0 improvements of 10 cases"));
            Assert.That(underpowered.Passed, Is.True, "underpowered: warn lets the other rules decide");
            Assert.That(Rule(underpowered, "significance").Note, Does.StartWith("underpowered: at least 5 cases must move"));
            Assert.That(strict.Passed, Is.False);
            Assert.That(strict.Reasons.Single(), Does.Contain("underpowered").And.Contain("'underpowered: fail'"));
        });
    }

    [Test]
    public void An_identity_change_that_follows_a_changed_requested_model_is_expected_and_does_not_gate()
    {
        var expected = new IdentityChange("digest", "sha256:a", "sha256:b", Gating: true) { Expected = true };
        var model = new IdentityChange("model", "local/base", "local/copy", Gating: false) { Expected = true };
        var verdict = Decide(GateDefinition.Default, Result("s", "a", CaseOutcome.Unchanged) with { IdentityChanges = [model], SameWeights = true },
            Result("s", "b", CaseOutcome.Unchanged) with { IdentityChanges = [model], SameWeights = true });
        var drifted = Decide(GateDefinition.Default, Result("s", "a", CaseOutcome.Unchanged) with { IdentityChanges = [model, expected], SameWeights = false });
        var silent = Decide(GateDefinition.Default, Result("s", "a", CaseOutcome.Unchanged) with { IdentityChanges = [ResolvedModelChange] });
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True);
            Assert.That(verdict.ModelChange, Is.EqualTo(model));
            Assert.That(verdict.SameWeights, Is.True);
            Assert.That(drifted.Passed, Is.True);
            Assert.That(drifted.SameWeights, Is.False);
            Assert.That(silent.Passed, Is.False, "under an unchanged requested name the identity change still gates");
            Assert.That(silent.Reasons, Is.EqualTo(new[] { "model identity changed: resolved_model: m-1 → m-2" }));
        });
    }

    [Test]
    public void Differing_outputs_and_what_the_ladder_made_of_them_are_counted()
    {
        LadderFinding[] Ladder(LadderStep step) => [new(LadderStep.Exact, LadderVerdict.Undecided, "first difference at line 1"), new(step, LadderVerdict.Equivalent, "x")];
        var verdict = Decide(new GateDefinition { MaxChangedShare = 1 },
            Result("s", "a", CaseOutcome.Unchanged) with { Ladder = [new(LadderStep.Exact, LadderVerdict.Equivalent, LadderFinding.IdenticalDetail)] },
            Result("s", "b", CaseOutcome.JudgedEquivalent) with { Ladder = Ladder(LadderStep.Extract), DecidingStep = Ladder(LadderStep.Extract)[1] },
            Result("s", "c", CaseOutcome.JudgedEquivalent) with { Ladder = Ladder(LadderStep.Extract), DecidingStep = Ladder(LadderStep.Extract)[1] },
            Result("s", "d", CaseOutcome.JudgedEquivalent) with { Ladder = Ladder(LadderStep.Judge), DecidingStep = Ladder(LadderStep.Judge)[1] },
            Result("s", "e", CaseOutcome.Changed) with { Ladder = [new(LadderStep.Exact, LadderVerdict.Undecided, "first difference at line 1")] });
        Assert.Multiple(() =>
        {
            Assert.That(verdict.DifferingOutputs, Is.EqualTo(4));
            Assert.That(verdict.EquivalentByStep, Is.EqualTo(new Dictionary<string, int> { ["extract"] = 2, ["judge"] = 1 }));
            Assert.That(verdict.ChangedCases, Is.EqualTo(new[] { "e" }));
        });
    }
}
