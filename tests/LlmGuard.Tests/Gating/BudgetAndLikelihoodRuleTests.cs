using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;
using static LlmGuard.Tests.Gating.GateTestData;

namespace LlmGuard.Tests.Gating;

/// <summary>The gate rules over tokens, cost, latency and likelihood, each stated with its figures.</summary>
public sealed class BudgetAndLikelihoodRuleTests
{
    private static CaseResult Answered(string caseId, long outputTokens, long baselineOutputTokens, double? cost = 0.002, double? baselineCost = 0.001,
        int latencyMs = 100, bool estimated = false, CaseOutcome outcome = CaseOutcome.Unchanged) =>
        Result("s", caseId, outcome) with
        {
            Usage = new TokenUsage(100, outputTokens, estimated),
            EstimatedCost = cost,
            Baseline = new BaselineFigures { Model = "base-model", Usage = new TokenUsage(100, baselineOutputTokens, estimated), EstimatedCost = baselineCost },
            Duration = TimeSpan.FromMilliseconds(latencyMs),
            Identity = new ModelIdentity { ResolvedModelId = "candidate-model" },
        };

    private static RunVerdict Tally(GateDefinition gate, RunMode mode, params CaseResult[] results)
    {
        var tally = new RunTally(mode);
        var suite = Suite("s", gate);
        foreach (var result in results)
        {
            tally.Add(suite, result);
        }

        return tally.Verdict(interrupted: false, orphans: []);
    }

    [Test]
    public void Output_tokens_rising_beyond_the_allowed_share_fail_with_the_figures()
    {
        var gate = new GateDefinition { MaxOutputTokensIncrease = 0.3 };

        var within = Tally(gate, RunMode.Verify, Answered("a", 130, 100), Answered("b", 100, 100));
        var beyond = Tally(gate, RunMode.Verify, Answered("a", 180, 100), Answered("b", 100, 100, estimated: true));

        Assert.Multiple(() =>
        {
            Assert.That(within.Passed, Is.True, string.Join("; ", within.Suites.Single().Reasons));
            Assert.That(within.Suites.Single().Figures!.OutputTokensIncrease, Is.EqualTo(0.15).Within(1e-12));
            Assert.That(beyond.Suites.Single().Reasons, Is.EqualTo(new[]
            {
                "output tokens rose +40% over the baseline (200 → 280 over 2 cases, estimated); the gate allows +30%",
            }));
            Assert.That(beyond.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [Test]
    public void Cost_rising_beyond_the_allowed_share_fails_and_an_unknown_price_cannot_pass()
    {
        var gate = new GateDefinition { MaxCostIncrease = 0.5 };

        var beyond = Tally(gate, RunMode.Verify, Answered("a", 100, 100, cost: 0.003, baselineCost: 0.001), Answered("b", 100, 100, cost: 0.001, baselineCost: 0.001));
        var within = Tally(gate, RunMode.Verify, Answered("a", 100, 100, cost: 0.0014, baselineCost: 0.001));
        var unpriced = Tally(gate, RunMode.Verify, Answered("a", 100, 100, cost: null, baselineCost: 0.001));

        Assert.Multiple(() =>
        {
            Assert.That(beyond.Suites.Single().Reasons.Single(), Is.EqualTo("estimated cost rose +100% over the baseline ($0.002 → $0.004 over 2 cases); the gate allows +50%"));
            Assert.That(within.Passed, Is.True);
            Assert.That(unpriced.Suites.Single().Reasons.Single(), Is.EqualTo("max_cost_increase cannot be checked: no price is known for 'candidate-model' (add it under the suite's 'prices')"));
            Assert.That(unpriced.Suites.Single().Figures!.Cost, Is.Null);
        });
    }

    [Test]
    public void The_95th_percentile_latency_is_the_nearest_rank_and_is_gated()
    {
        var results = Enumerable.Range(1, 20).Select(index => Answered($"c{index}", 10, 10, latencyMs: index * 100)).ToArray();

        var verdict = Tally(new GateDefinition { MaxLatencyP95 = TimeSpan.FromSeconds(1.5) }, RunMode.Verify, results);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Suites.Single().Figures!.LatencyP95, Is.EqualTo(TimeSpan.FromMilliseconds(1900)));
            Assert.That(verdict.Suites.Single().Reasons.Single(), Is.EqualTo("p95 latency is 1.9 s over 20 cases; the gate allows 1.5 s"));
        });
    }

    [Test]
    public void Budget_rules_do_not_judge_update_or_replay_runs()
    {
        var gate = new GateDefinition { MaxOutputTokensIncrease = 0.1, MaxLatencyP95 = TimeSpan.FromMilliseconds(10) };

        Assert.Multiple(() =>
        {
            Assert.That(Tally(gate, RunMode.Update, Answered("a", 500, 100)).Passed, Is.True);
            Assert.That(Tally(gate, RunMode.Replay, Answered("a", 500, 100)).Passed, Is.True);
        });
    }

    [Test]
    public void Without_a_gate_rule_the_figures_are_reported_but_nothing_fails()
    {
        var verdict = Tally(GateDefinition.Default, RunMode.Verify, Answered("a", 500, 100, cost: 0.01, baselineCost: 0.001, latencyMs: 9000));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True);
            Assert.That(verdict.Suites.Single().Figures, Is.EqualTo(new SuiteFigures
            {
                AnsweredCases = 1,
                ComparedCases = 1,
                InputTokens = 100,
                OutputTokens = 500,
                BaselineOutputTokens = 100,
                Cost = 0.01,
                BaselineCost = 0.001,
                ModelsWithoutPrice = verdict.Suites.Single().Figures!.ModelsWithoutPrice,
                LatencyP95 = TimeSpan.FromSeconds(9),
            }));
        });
    }

    [Test]
    public void A_case_whose_text_held_but_whose_likelihood_moved_fails_the_likelihood_rule()
    {
        static CaseResult Scored(string caseId, double baseline, double candidate, CaseOutcome outcome = CaseOutcome.Unchanged) =>
            Answered(caseId, 10, 10, outcome: outcome) with
            {
                Likelihood = new LikelihoodDrift { Tokens = 12, BaselineMeanLogProbability = baseline, CandidateMeanLogProbability = candidate, MeanKlDivergence = 0.01, Method = "teacher-forced" },
            };
        var gate = new GateDefinition { MaxLikelihoodShift = 0.1, MaxChangedShare = 1 };
        var policy = new GatePolicy(gate, RunMode.Verify);

        var verdict = Tally(gate, RunMode.Verify,
            Scored("held", -1.0, -1.05),
            Scored("moved", -1.0, -1.25),
            Scored("rose", -1.0, -0.85, CaseOutcome.Equivalent),
            Scored("changed", -1.0, -2.0, CaseOutcome.Changed));

        Assert.Multiple(() =>
        {
            Assert.That(policy.Assess(Scored("moved", -1.0, -1.25)).Decision, Is.EqualTo(CaseGateDecision.Fail));
            Assert.That(policy.Assess(Scored("held", -1.0, -1.05)).Decision, Is.EqualTo(CaseGateDecision.Pass));
            Assert.That(policy.Assess(Scored("changed", -1.0, -2.0, CaseOutcome.Changed)).LikelihoodShift, Is.Null, "a changed case is judged by its change");
            Assert.That(new GatePolicy(gate, RunMode.Update).Assess(Scored("moved", -1.0, -1.25)).Decision, Is.EqualTo(CaseGateDecision.Pass));
            Assert.That(verdict.Suites.Single().Reasons, Is.EqualTo(new[]
            {
                "the likelihood of the baseline answer moved beyond ±0.1 nats/token on 2 cases whose text held: moved (-0.2500), rose (+0.1500)",
            }));
            Assert.That(verdict.Suites.Single().Figures!.LikelihoodCases, Is.EqualTo(4));
            Assert.That(verdict.Suites.Single().Figures!.LargestLikelihoodShift, Is.EqualTo(-1.0).Within(1e-12));
            Assert.That(verdict.Suites.Single().Figures!.MeanKlDivergence, Is.EqualTo(0.01).Within(1e-12));
        });
    }

    [Test]
    public void A_likelihood_rule_over_a_run_that_measured_no_likelihood_says_so_instead_of_claiming_nothing_moved()
    {
        var gate = new GateDefinition { MaxLikelihoodShift = 0.1, MaxChangedShare = 1 };

        var compared = Tally(gate, RunMode.Compare, Answered("a", 10, 10), Answered("b", 10, 10));

        var rule = compared.Suites.Single().Rules.Single(rule => rule.Rule == "max_likelihood_shift");
        Assert.That(rule.Figure, Does.StartWith("no likelihood was measured"));
    }
}
