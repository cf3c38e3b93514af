using LlmGuard.Gating;
using LlmGuard.Results;

namespace LlmGuard.Tests.Gating;

public sealed class RunVerdictTests
{
    private static readonly SuiteVerdict Passing = Verdict("a", passed: true, providerErrorsOnly: false);
    private static readonly SuiteVerdict GateFailing = Verdict("b", passed: false, providerErrorsOnly: false);
    private static readonly SuiteVerdict ErrorsOnly = Verdict("c", passed: false, providerErrorsOnly: true);

    private static IEnumerable<TestCaseData> ExitCodeMatrix()
    {
        yield return new TestCaseData(new[] { Passing }, false, ExitCodes.Passed).SetName("every suite passed: 0");
        yield return new TestCaseData(Array.Empty<SuiteVerdict>(), false, ExitCodes.Passed).SetName("no suite ran: 0");
        yield return new TestCaseData(new[] { Passing, GateFailing }, false, ExitCodes.GateFailed).SetName("a gate failed: 1");
        yield return new TestCaseData(new[] { GateFailing, ErrorsOnly }, false, ExitCodes.GateFailed).SetName("a gate failed besides provider errors: 1");
        yield return new TestCaseData(new[] { Passing, ErrorsOnly }, false, ExitCodes.ProviderErrorsOnly).SetName("only provider errors: 3");
        yield return new TestCaseData(new[] { Passing }, true, ExitCodes.Interrupted).SetName("interrupted though passing: 130");
        yield return new TestCaseData(new[] { GateFailing }, true, ExitCodes.Interrupted).SetName("interrupted and failing: 130");
    }

    [TestCaseSource(nameof(ExitCodeMatrix))]
    public void The_exit_code_says_why_the_run_failed(SuiteVerdict[] suites, bool interrupted, int expected)
    {
        var verdict = new RunVerdict(suites, interrupted, []);

        Assert.Multiple(() =>
        {
            Assert.That(verdict.ExitCode, Is.EqualTo(expected));
            Assert.That(verdict.Passed, Is.EqualTo(expected == ExitCodes.Passed));
        });
    }

    [Test]
    public void The_exit_codes_are_the_documented_numbers() =>
        Assert.That(new[] { ExitCodes.Passed, ExitCodes.GateFailed, ExitCodes.InvalidInput, ExitCodes.ProviderErrorsOnly, ExitCodes.Interrupted }, Is.EqualTo(new[] { 0, 1, 2, 3, 130 }));

    private static SuiteVerdict Verdict(string suite, bool passed, bool providerErrorsOnly) =>
        new(suite, new Dictionary<CaseOutcome, int> { [CaseOutcome.Unchanged] = 1 }, passed, passed ? [] : ["reason"], providerErrorsOnly, []);
}
