using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;
using static LlmGuard.Tests.Gating.GateTestData;

namespace LlmGuard.Tests.Gating;

public sealed class RunTallyTests
{
    [Test]
    public void Unchanged_and_equivalent_cases_pass_with_their_counts()
    {
        var verdict = Tally(RunMode.Verify, Suite("s"), CaseOutcome.Unchanged, CaseOutcome.Unchanged, CaseOutcome.Equivalent);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True);
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.Passed));
            Assert.That(verdict.Suites.Single().Counts, Is.EqualTo(new Dictionary<CaseOutcome, int> { [CaseOutcome.Unchanged] = 2, [CaseOutcome.Equivalent] = 1 }));
            Assert.That(verdict.Suites.Single().Total, Is.EqualTo(3));
            Assert.That(verdict.Suites.Single().Reasons, Is.Empty);
        });
    }

    [Test]
    public void Every_failing_class_gets_its_own_reason_in_a_stable_order()
    {
        var verdict = Tally(RunMode.Verify, Suite("s"),
            CaseOutcome.ProviderError, CaseOutcome.AssertionFailed, CaseOutcome.AssertionFailed, CaseOutcome.New, CaseOutcome.RequestChanged, CaseOutcome.Changed);

        Assert.That(verdict.Suites.Single().Reasons, Is.EqualTo(new[]
        {
            "1 case failed with a provider error",
            "2 cases have failing assertions",
            "1 case has no verified snapshot (new)",
            "1 case's request changed since recording",
            "1 case changed (16.7% of 6); the gate allows 0%",
        }));
        Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
    }

    [TestCase(10, 1, true)]
    [TestCase(10, 2, false)]
    [TestCase(9, 1, false)]
    [TestCase(20, 2, true)]
    public void A_share_of_changed_cases_is_allowed_rounded_down(int total, int changed, bool passes)
    {
        var outcomes = Enumerable.Repeat(CaseOutcome.Changed, changed).Concat(Enumerable.Repeat(CaseOutcome.Unchanged, total - changed)).ToArray();

        var verdict = Tally(RunMode.Verify, Suite("s", new GateDefinition { MaxChangedShare = 0.1 }), outcomes);

        Assert.That(verdict.Passed, Is.EqualTo(passes), string.Join("; ", verdict.Suites.Single().Reasons));
    }

    [Test]
    public void Exceeding_the_share_names_the_share_and_the_limit()
    {
        var verdict = Tally(RunMode.Verify, Suite("s", new GateDefinition { MaxChangedShare = 0.1 }), CaseOutcome.Changed, CaseOutcome.Changed, CaseOutcome.Unchanged, CaseOutcome.Unchanged);

        Assert.That(verdict.Suites.Single().Reasons, Is.EqualTo(new[] { "2 cases changed (50% of 4); the gate allows 10%" }));
    }

    [Test]
    public void A_critical_case_may_not_change_even_within_the_share()
    {
        var suite = Suite("s", new GateDefinition { MaxChangedShare = 0.5, CriticalTags = ["safety", "legal"] });
        var tally = new RunTally(RunMode.Verify);
        tally.Add(suite, Result("s", "refusal", CaseOutcome.Changed, "tone", "safety"));
        tally.Add(suite, Result("s", "joke", CaseOutcome.Changed, "tone"));
        tally.Add(suite, Result("s", "terms", CaseOutcome.Unchanged, "legal"));
        tally.Add(suite, Result("s", "other", CaseOutcome.Unchanged));

        var verdict = tally.Verdict(interrupted: false, orphans: []);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.False);
            Assert.That(verdict.Suites.Single().Reasons, Is.EqualTo(new[] { "critical cases changed: refusal (tag 'safety')" }), "2 of 4 changed is within 50%; only the critical tag fails");
        });
    }

    [Test]
    public void A_gating_identity_change_fails_the_suite_once_and_a_reported_only_change_is_kept_for_the_report()
    {
        var suite = Suite("s");
        var tally = new RunTally(RunMode.Verify);
        tally.Add(suite, Result("s", "a", CaseOutcome.Unchanged) with { IdentityChanges = [ResolvedModelChange, FingerprintChange] });
        tally.Add(suite, Result("s", "b", CaseOutcome.Unchanged) with { IdentityChanges = [ResolvedModelChange] });

        var verdict = tally.Verdict(interrupted: false, orphans: []);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Suites.Single().Reasons, Is.EqualTo(new[] { "model identity changed: resolved_model: m-1 → m-2" }));
            Assert.That(verdict.Suites.Single().IdentityChanges, Is.EqualTo(new[] { ResolvedModelChange, FingerprintChange }));
            Assert.That(verdict.ExitCode, Is.EqualTo(ExitCodes.GateFailed));
        });
    }

    [Test]
    public void A_reported_only_identity_change_does_not_fail_the_suite()
    {
        var tally = new RunTally(RunMode.Verify);
        tally.Add(Suite("s"), Result("s", "a", CaseOutcome.Unchanged) with { IdentityChanges = [FingerprintChange] });

        var verdict = tally.Verdict(interrupted: false, orphans: []);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True);
            Assert.That(verdict.Suites.Single().IdentityChanges, Is.EqualTo(new[] { FingerprintChange }));
        });
    }

    [Test]
    public void Update_mode_ignores_new_changed_request_changed_cases_and_identity_changes()
    {
        var suite = Suite("s", new GateDefinition { CriticalTags = ["critical"] });
        var tally = new RunTally(RunMode.Update);
        tally.Add(suite, Result("s", "a", CaseOutcome.New));
        tally.Add(suite, Result("s", "b", CaseOutcome.Changed, "critical"));
        tally.Add(suite, Result("s", "c", CaseOutcome.RequestChanged));
        tally.Add(suite, Result("s", "d", CaseOutcome.Unchanged) with { IdentityChanges = [ResolvedModelChange] });

        var verdict = tally.Verdict(interrupted: false, orphans: []);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.True, string.Join("; ", verdict.Suites.Single().Reasons));
            Assert.That(verdict.Suites.Single().Total, Is.EqualTo(4));
        });
    }

    [Test]
    public void Update_mode_still_fails_on_assertion_failures_and_provider_errors()
    {
        var verdict = Tally(RunMode.Update, Suite("s"), CaseOutcome.New, CaseOutcome.AssertionFailed, CaseOutcome.ProviderError);

        Assert.That(verdict.Suites.Single().Reasons, Is.EqualTo(new[] { "1 case failed with a provider error", "1 case has failing assertions" }));
    }

    [Test]
    public void Suites_are_decided_separately_and_ordered_by_id()
    {
        var tally = new RunTally(RunMode.Verify);
        tally.Add(Suite("zeta"), Result("zeta", "a", CaseOutcome.Changed));
        tally.Add(Suite("alpha", new GateDefinition { MaxChangedShare = 1 }), Result("alpha", "a", CaseOutcome.Changed));

        var verdict = tally.Verdict(interrupted: false, orphans: []);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Suites.Select(suite => suite.Suite), Is.EqualTo(new[] { "alpha", "zeta" }));
            Assert.That(verdict.Suites.Select(suite => suite.Passed), Is.EqualTo(new[] { true, false }));
        });
    }

    [Test]
    public void Provider_errors_alone_are_flagged_as_such_and_mixed_with_another_reason_are_not()
    {
        var errorsOnly = Tally(RunMode.Verify, Suite("s"), CaseOutcome.ProviderError, CaseOutcome.Unchanged).Suites.Single();
        var mixed = Tally(RunMode.Verify, Suite("s"), CaseOutcome.ProviderError, CaseOutcome.New).Suites.Single();

        Assert.Multiple(() =>
        {
            Assert.That(errorsOnly.ProviderErrorsOnly, Is.True);
            Assert.That(mixed.ProviderErrorsOnly, Is.False);
        });
    }

    [Test]
    public void The_verdict_carries_the_interruption_and_the_orphans()
    {
        var tally = new RunTally(RunMode.Verify);
        tally.Add(Suite("s"), Result("s", "a", CaseOutcome.Unchanged));

        var verdict = tally.Verdict(interrupted: true, orphans: ["/snapshots/s/gone.verified.txt"]);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Interrupted, Is.True);
            Assert.That(verdict.Orphans, Is.EqualTo(new[] { "/snapshots/s/gone.verified.txt" }));
        });
    }

    private static RunVerdict Tally(RunMode mode, Suite suite, params CaseOutcome[] outcomes)
    {
        var tally = new RunTally(mode);
        for (var index = 0; index < outcomes.Length; index++)
        {
            tally.Add(suite, Result(suite.Id, $"case-{index}", outcomes[index]));
        }

        return tally.Verdict(interrupted: false, orphans: []);
    }
}
