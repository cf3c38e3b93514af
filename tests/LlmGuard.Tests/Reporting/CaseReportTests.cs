using LlmGuard.Reporting;
using LlmGuard.Results;

namespace LlmGuard.Tests.Reporting;

public sealed class CaseReportTests
{
    [Test]
    public void The_details_of_a_changed_case_give_the_class_identity_changes_paths_and_diff_in_order() =>
        Assert.That(CaseReport.Details(ReportTestData.Changed), Is.EqualTo("""
            LlmGuard: changed — output differs from the verified snapshot
              identity changed: resolved_model: m-1 → m-2
              identity changed (reported only): system_fingerprint: fp_1 → (none)
            Verified: /snapshots/capitals/spain.verified.txt
            Received: /snapshots/capitals/spain.received.txt
            --- verified
            +++ received
            -Madrid.
            +Madrid, of course.

            """.ReplaceLineEndings("\n")));

    [Test]
    public void Identity_changes_can_be_left_to_the_suite_report() =>
        Assert.That(CaseReport.Details(ReportTestData.Changed, includeIdentityChanges: false), Does.Not.Contain("identity"));

    [Test]
    public void The_details_of_an_assertion_failure_list_each_failed_assertion() =>
        Assert.That(CaseReport.Details(ReportTestData.AssertionFailed), Is.EqualTo("""
            LlmGuard: assertion-failed — 1 assertion failed
              ✗ contains 'Rome': not found in 'Milan.'
            Verified: /snapshots/capitals/italy.verified.txt

            """.ReplaceLineEndings("\n")));

    [Test]
    public void A_result_without_paths_or_diff_is_one_line() =>
        Assert.That(CaseReport.Details(ReportTestData.ProviderError), Is.EqualTo("LlmGuard: provider-error — the provider answered 503\n"));

    [Test]
    public void The_status_line_pads_the_class_so_names_line_up()
    {
        var changed = CaseReport.Line(ReportTestData.Changed);
        var failed = CaseReport.Line(ReportTestData.AssertionFailed);

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.EqualTo("changed           capitals/spain  output differs from the verified snapshot"));
            Assert.That(failed.IndexOf("capitals/", StringComparison.Ordinal), Is.EqualTo(changed.IndexOf("capitals/", StringComparison.Ordinal)));
            Assert.That(CaseReport.Line(ReportTestData.ProviderError), Does.StartWith(CaseOutcome.ProviderError.ToName() + " "));
        });
    }
}
