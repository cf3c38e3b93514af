using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.NUnit.Tests;

public sealed class CaseTestVerdictTests
{
    private static readonly Suite Capitals = Suite("capitals");
    private static readonly Suite Formats = Suite("formats");

    [TestCase(CaseOutcome.Unchanged, true)]
    [TestCase(CaseOutcome.Equivalent, true)]
    [TestCase(CaseOutcome.Changed, false)]
    [TestCase(CaseOutcome.New, false)]
    [TestCase(CaseOutcome.RequestChanged, false)]
    [TestCase(CaseOutcome.AssertionFailed, false)]
    [TestCase(CaseOutcome.ProviderError, false)]
    public void In_a_suite_that_allows_no_change_only_unchanged_and_equivalent_pass(CaseOutcome outcome, bool passes) =>
        Assert.That(CaseTestVerdict.Of(Result("formats", "json", outcome), Formats, RunMode.Verify).Status, Is.EqualTo(passes ? CaseTestStatus.Passed : CaseTestStatus.Failed));

    [Test]
    public void A_failure_carries_the_same_details_as_the_cli()
    {
        var result = Result("formats", "json", CaseOutcome.Changed) with { Diff = "-old\n+new\n", ReceivedPath = "/s/formats/json.received.txt" };

        var verdict = CaseTestVerdict.Of(result, Formats, RunMode.Verify);

        Assert.That(verdict.Message, Is.EqualTo(Reporting.CaseReport.Details(result).TrimEnd('\n')));
    }

    [Test]
    public void An_equivalent_case_passes_with_the_reason()
    {
        var verdict = CaseTestVerdict.Of(Result("formats", "json", CaseOutcome.Equivalent) with { Summary = "equivalent (differs only in key order)" }, Formats, RunMode.Verify);

        Assert.That(verdict, Has.Property(nameof(CaseTestVerdict.Status)).EqualTo(CaseTestStatus.Passed).And.Property(nameof(CaseTestVerdict.Message)).Contains("key order"));
    }

    [Test]
    public void A_changed_case_is_a_warning_when_the_gate_allows_changes_unless_it_is_critical()
    {
        var ordinary = CaseTestVerdict.Of(Result("capitals", "spain", CaseOutcome.Changed, "geo"), Capitals, RunMode.Verify);
        var critical = CaseTestVerdict.Of(Result("capitals", "france", CaseOutcome.Changed, "geo", "critical"), Capitals, RunMode.Verify);
        var assertion = CaseTestVerdict.Of(Result("capitals", "spain", CaseOutcome.AssertionFailed, "geo"), Capitals, RunMode.Verify);

        Assert.Multiple(() =>
        {
            Assert.That(ordinary.Status, Is.EqualTo(CaseTestStatus.Warning));
            Assert.That(ordinary.Message, Does.Contain("allows up to 50% changed cases").And.Contain("capitals/(gate)"));
            Assert.That(critical.Status, Is.EqualTo(CaseTestStatus.Failed));
            Assert.That(assertion.Status, Is.EqualTo(CaseTestStatus.Failed));
        });
    }

    [TestCase(CaseOutcome.New)]
    [TestCase(CaseOutcome.Changed)]
    [TestCase(CaseOutcome.RequestChanged)]
    public void In_update_mode_recorded_cases_pass(CaseOutcome outcome) =>
        Assert.That(CaseTestVerdict.Of(Result("formats", "json", outcome), Formats, RunMode.Update).Status, Is.EqualTo(CaseTestStatus.Passed));

    [Test]
    public void A_gating_identity_change_fails_an_unchanged_case_and_a_reported_only_one_does_not()
    {
        var gating = Result("formats", "json", CaseOutcome.Unchanged) with { IdentityChanges = [new IdentityChange("resolved_model", "m-1", "m-2", Gating: true)] };
        var reportedOnly = Result("formats", "json", CaseOutcome.Unchanged) with { IdentityChanges = [new IdentityChange("system_fingerprint", "a", "b", Gating: false)] };

        Assert.Multiple(() =>
        {
            Assert.That(CaseTestVerdict.Of(gating, Formats, RunMode.Verify).Status, Is.EqualTo(CaseTestStatus.Failed));
            Assert.That(CaseTestVerdict.Of(gating, Formats, RunMode.Verify).Message, Does.Contain("resolved_model: m-1 → m-2"));
            Assert.That(CaseTestVerdict.Of(reportedOnly, Formats, RunMode.Verify).Status, Is.EqualTo(CaseTestStatus.Passed));
        });
    }

    private static Suite Suite(string id) => SuiteCatalog.For(typeof(ValidSuitesClass)).Suites.Single(suite => suite.Id == id);

    private static CaseResult Result(string suite, string caseId, CaseOutcome outcome, params string[] tags) => new()
    {
        Suite = suite,
        Case = caseId,
        Tags = tags,
        Outcome = outcome,
        Summary = outcome.ToName(),
        RequestFingerprint = "sha256:0",
        VerifiedPath = $"/s/{suite}/{caseId}.verified.txt",
    };
}
