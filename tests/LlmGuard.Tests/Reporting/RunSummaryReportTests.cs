using LlmGuard.Gating;
using LlmGuard.Reporting;
using LlmGuard.Results;

namespace LlmGuard.Tests.Reporting;

public sealed class RunSummaryReportTests
{
    [Test]
    public void A_passing_run_lists_each_suite_with_its_counts_in_outcome_order()
    {
        var verdict = new RunVerdict(
            [
                Suite("alpha", passed: true, counts: new() { [CaseOutcome.Equivalent] = 1, [CaseOutcome.Unchanged] = 3 }),
                Suite("beta", passed: true, counts: new() { [CaseOutcome.Unchanged] = 1 }),
            ],
            Interrupted: false,
            Orphans: []);

        Assert.That(RunSummaryReport.Format(verdict), Is.EqualTo("""
            PASS alpha: 3 unchanged, 1 equivalent
            PASS beta: 1 unchanged
            Gate passed. Exit code 0.

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void A_failing_run_gives_reasons_reported_only_identity_changes_and_orphans()
    {
        var verdict = new RunVerdict(
            [
                Suite("capitals", passed: false,
                    counts: new() { [CaseOutcome.Unchanged] = 2, [CaseOutcome.Changed] = 1, [CaseOutcome.New] = 1 },
                    reasons: ["1 case has no verified snapshot (new)", "1 case changed (25% of 4); the gate allows 0%"],
                    identityChanges: [new IdentityChange("resolved_model", "m-1", "m-2", Gating: true), new IdentityChange("system_fingerprint", "a", "b", Gating: false)]),
            ],
            Interrupted: false,
            Orphans: ["/snapshots/old/gone.verified.txt"]);

        Assert.That(RunSummaryReport.Format(verdict), Is.EqualTo("""
            FAIL capitals: 2 unchanged, 1 changed, 1 new
                 - 1 case has no verified snapshot (new)
                 - 1 case changed (25% of 4); the gate allows 0%
                 - model identity changed (reported only): system_fingerprint: a → b
            1 orphaned snapshot file(s) belong to no case (remove them with 'llmguard prune'):
                 /snapshots/old/gone.verified.txt
            Gate failed. Exit code 1.

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Provider_errors_only_end_with_exit_code_3() =>
        Assert.That(RunSummaryReport.Format(new RunVerdict(
                [Suite("s", passed: false, counts: new() { [CaseOutcome.ProviderError] = 1 }, reasons: ["1 case failed with a provider error"], providerErrorsOnly: true)],
                Interrupted: false,
                Orphans: [])),
            Does.EndWith("Gate failed. Exit code 3.\n"));

    [Test]
    public void An_interrupted_run_says_its_results_are_partial() =>
        Assert.That(RunSummaryReport.Format(new RunVerdict([Suite("s", passed: true, counts: new() { [CaseOutcome.Unchanged] = 1 })], Interrupted: true, Orphans: [])),
            Is.EqualTo("PART s: 1 unchanged\nInterrupted: not every case ran; the results above are partial.\nInterrupted. Exit code 130.\n"));

    private static SuiteVerdict Suite(
        string id,
        bool passed,
        Dictionary<CaseOutcome, int> counts,
        IReadOnlyList<string>? reasons = null,
        IReadOnlyList<IdentityChange>? identityChanges = null,
        bool providerErrorsOnly = false) =>
        new(id, counts, passed, reasons ?? [], providerErrorsOnly, identityChanges ?? []);

    [Test]
    public void Gate_rule_lines_escape_what_servers_and_results_files_put_in_them()
    {
        const string Forged = "m2\u001B]0;owned\u0007\n::error file=x::forged";
        var suite = Suite("costs", passed: false, counts: new() { [CaseOutcome.Changed] = 1 }) with
        {
            Rules = [new GateRuleResult("max_cost_increase", Held: false, $"no price known for '{Forged}'", "at most +10%") { Note = Forged }],
        };

        var summary = RunSummaryReport.Format(new RunVerdict([suite], Interrupted: false, Orphans: []));

        Assert.Multiple(() =>
        {
            Assert.That(summary, Does.Contain("rule FAILED max_cost_increase: no price known for 'm2"));
            Assert.That(summary.Where(char.IsControl), Is.All.EqualTo('\n'), "no control character but line ends reaches the terminal");
            Assert.That(summary.Split('\n'), Has.None.StartsWith("::error"), "no forged CI annotation line");
        });
    }
}
