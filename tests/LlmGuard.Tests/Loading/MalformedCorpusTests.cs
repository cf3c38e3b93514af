using LlmGuard.Loading;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

public sealed class MalformedCorpusTests
{
    private static IEnumerable<TestCaseData> Corpus() =>
        MalformedCorpus.Cases().Select(entry => new TestCaseData(entry).SetArgDisplayNames(entry.Name));

    [Test]
    public void The_corpus_covers_at_least_thirty_problems() =>
        Assert.That(MalformedCorpus.Cases(), Has.Count.GreaterThanOrEqualTo(30));

    [TestCaseSource(nameof(Corpus))]
    public void Loading_reports_exactly_the_expected_error(MalformedSuiteCase entry)
    {
        var set = new SuiteLoader(MalformedCorpus.KnownProviders).Load(entry.SuitePath);

        var errors = set.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var all = string.Join("\n", set.Diagnostics);
        TestContext.Out.WriteLine(all);
        Assert.That(set.Suites, Is.Empty, "a suite set with errors must run nothing");
        Assert.That(errors, Has.Count.EqualTo(1), all);
        var error = errors[0];
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo(entry.Code), all);
            Assert.That(Path.GetFullPath(error.Location.File), Is.EqualTo(entry.DiagnosticFile), all);
            Assert.That((error.Location.Line, error.Location.Column), Is.EqualTo((entry.Line, entry.Column)), all);
            Assert.That(error.Message, Does.Contain(entry.MessageContains), all);
        });
    }
}
