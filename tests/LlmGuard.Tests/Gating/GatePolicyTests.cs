using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;
using static LlmGuard.Tests.Gating.GateTestData;

namespace LlmGuard.Tests.Gating;

public sealed class GatePolicyTests
{
    private static readonly GateDefinition Tolerant = new() { MaxChangedShare = 0.5, CriticalTags = ["critical"] };

    [TestCase(CaseOutcome.Unchanged, CaseGateDecision.Pass)]
    [TestCase(CaseOutcome.Equivalent, CaseGateDecision.Pass)]
    [TestCase(CaseOutcome.Changed, CaseGateDecision.Fail)]
    [TestCase(CaseOutcome.New, CaseGateDecision.Fail)]
    [TestCase(CaseOutcome.RequestChanged, CaseGateDecision.Fail)]
    [TestCase(CaseOutcome.AssertionFailed, CaseGateDecision.Fail)]
    [TestCase(CaseOutcome.ProviderError, CaseGateDecision.Fail)]
    public void With_the_default_gate_only_unchanged_and_equivalent_cases_pass(CaseOutcome outcome, object expected) =>
        Assert.That(new GatePolicy(GateDefinition.Default, RunMode.Verify).Assess(Result("s", "c", outcome)).Decision, Is.EqualTo((CaseGateDecision)expected));

    [TestCase(RunMode.Verify)]
    [TestCase(RunMode.Replay)]
    public void A_changed_case_within_an_allowed_share_is_a_warning_that_counts_as_a_change(RunMode mode)
    {
        var assessment = new GatePolicy(Tolerant, mode).Assess(Result("s", "c", CaseOutcome.Changed, "geo"));

        Assert.Multiple(() =>
        {
            Assert.That(assessment.Decision, Is.EqualTo(CaseGateDecision.Warn));
            Assert.That(assessment.CountsAsChange, Is.True);
            Assert.That(assessment.FailsOnOutcome, Is.False);
            Assert.That(assessment.CriticalTag, Is.Null);
            Assert.That(assessment.Recorded, Is.False);
        });
    }

    [Test]
    public void A_changed_case_with_a_critical_tag_fails_and_names_the_tag()
    {
        var assessment = new GatePolicy(Tolerant, RunMode.Verify).Assess(Result("s", "c", CaseOutcome.Changed, "geo", "critical"));

        Assert.Multiple(() =>
        {
            Assert.That(assessment.Decision, Is.EqualTo(CaseGateDecision.Fail));
            Assert.That(assessment.CriticalTag, Is.EqualTo("critical"));
            Assert.That(assessment.CountsAsChange, Is.True, "it still counts toward the share");
        });
    }

    [Test]
    public void A_critical_tag_matters_only_on_a_changed_case()
    {
        var unchanged = new GatePolicy(Tolerant, RunMode.Verify).Assess(Result("s", "c", CaseOutcome.Unchanged, "critical"));

        Assert.That(unchanged, Has.Property(nameof(CaseGateAssessment.Decision)).EqualTo(CaseGateDecision.Pass)
            .And.Property(nameof(CaseGateAssessment.CriticalTag)).Null);
    }

    [Test]
    public void A_gating_identity_change_fails_even_an_unchanged_case_and_a_reported_only_one_does_not()
    {
        var policy = new GatePolicy(GateDefinition.Default, RunMode.Verify);
        var gating = policy.Assess(Result("s", "c", CaseOutcome.Unchanged) with { IdentityChanges = [ResolvedModelChange, FingerprintChange] });
        var reportedOnly = policy.Assess(Result("s", "c", CaseOutcome.Unchanged) with { IdentityChanges = [FingerprintChange] });

        Assert.Multiple(() =>
        {
            Assert.That(gating.Decision, Is.EqualTo(CaseGateDecision.Fail));
            Assert.That(gating.GatingIdentityChanges, Is.EqualTo(new[] { ResolvedModelChange }));
            Assert.That(reportedOnly.Decision, Is.EqualTo(CaseGateDecision.Pass));
            Assert.That(reportedOnly.GatingIdentityChanges, Is.Empty);
        });
    }

    [Test]
    public void A_gating_identity_change_turns_an_allowed_change_into_a_failure() =>
        Assert.That(new GatePolicy(Tolerant, RunMode.Verify).Assess(Result("s", "c", CaseOutcome.Changed) with { IdentityChanges = [ResolvedModelChange] }).Decision,
            Is.EqualTo(CaseGateDecision.Fail));

    [TestCase(CaseOutcome.New)]
    [TestCase(CaseOutcome.Changed)]
    [TestCase(CaseOutcome.RequestChanged)]
    public void In_update_mode_new_changed_and_request_changed_cases_were_recorded_and_pass_even_when_critical(CaseOutcome outcome)
    {
        var assessment = new GatePolicy(Tolerant with { MaxChangedShare = 0 }, RunMode.Update)
            .Assess(Result("s", "c", outcome, "critical") with { IdentityChanges = [ResolvedModelChange] });

        Assert.That(assessment, Has.Property(nameof(CaseGateAssessment.Decision)).EqualTo(CaseGateDecision.Pass)
            .And.Property(nameof(CaseGateAssessment.Recorded)).True
            .And.Property(nameof(CaseGateAssessment.CountsAsChange)).False
            .And.Property(nameof(CaseGateAssessment.GatingIdentityChanges)).Empty);
    }

    [TestCase(CaseOutcome.AssertionFailed)]
    [TestCase(CaseOutcome.ProviderError)]
    public void In_update_mode_assertion_failures_and_provider_errors_still_fail(CaseOutcome outcome) =>
        Assert.That(new GatePolicy(GateDefinition.Default, RunMode.Update).Assess(Result("s", "c", outcome)),
            Has.Property(nameof(CaseGateAssessment.Decision)).EqualTo(CaseGateDecision.Fail).And.Property(nameof(CaseGateAssessment.FailsOnOutcome)).True);

    [TestCase(0.1, 10, 1)]
    [TestCase(0.1, 9, 0)]
    [TestCase(0.1, 19, 1)]
    [TestCase(0.1, 20, 2)]
    [TestCase(0.3, 10, 3)]
    [TestCase(0.5, 3, 1)]
    [TestCase(1.0, 7, 7)]
    [TestCase(0.0, 100, 0)]
    public void The_allowed_number_of_changed_cases_is_the_share_rounded_down(double share, int total, int allowed)
    {
        var policy = new GatePolicy(new GateDefinition { MaxChangedShare = share }, RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(policy.AllowedChangedCases(total), Is.EqualTo(allowed));
            Assert.That(policy.ChangedShareExceeded(allowed, total), Is.False);
            Assert.That(policy.ChangedShareExceeded(allowed + 1, total), Is.True);
        });
    }

    [TestCase(0.0, "0%")]
    [TestCase(0.1, "10%")]
    [TestCase(0.125, "12.5%")]
    [TestCase(1.0 / 3, "33.3%")]
    [TestCase(1.0, "100%")]
    public void Shares_are_shown_as_percentages_with_at_most_one_decimal(double share, string expected) =>
        Assert.That(new GatePolicy(new GateDefinition { MaxChangedShare = share }, RunMode.Verify).MaxChangedSharePercent, Is.EqualTo(expected));

    [Test]
    public void Only_a_positive_share_allows_changed_cases() =>
        Assert.Multiple(() =>
        {
            Assert.That(new GatePolicy(GateDefinition.Default, RunMode.Verify).AllowsChangedCases, Is.False);
            Assert.That(new GatePolicy(Tolerant, RunMode.Verify).AllowsChangedCases, Is.True);
        });
}
