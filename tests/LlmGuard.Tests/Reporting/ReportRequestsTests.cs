using LlmGuard.Planning;

namespace LlmGuard.Tests.Reporting;

public sealed class ReportRequestsTests
{
    [TestCase("html=out/report.html", ReportFormat.Html, "out/report.html")]
    [TestCase("JUnit=junit.xml", ReportFormat.Junit, "junit.xml")]
    [TestCase("md=summary.md", ReportFormat.Markdown, "summary.md")]
    [TestCase("json=a=b.json", ReportFormat.Json, "a=b.json")]
    public void Format_equals_path_is_parsed(string text, ReportFormat format, string path)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReportRequests.TryParse(text, out var request, out var error), Is.True, error);
            Assert.That(request, Is.EqualTo(new ReportRequest(format, path)));
        });
    }

    [Test]
    public void Every_format_has_its_environment_variable()
    {
        var environment = new Dictionary<string, string>
        {
            ["LLMGUARD_REPORT_JSON"] = "r.json",
            ["LLMGUARD_REPORT_MARKDOWN"] = "r.md",
            ["LLMGUARD_REPORT_JUNIT"] = "r.xml",
            ["LLMGUARD_REPORT_HTML"] = " r.html ",
        };

        var requests = ReportRequests.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.That(requests, Is.EqualTo(new[]
        {
            new ReportRequest(ReportFormat.Json, "r.json"), new ReportRequest(ReportFormat.Markdown, "r.md"),
            new ReportRequest(ReportFormat.Junit, "r.xml"), new ReportRequest(ReportFormat.Html, "r.html"),
        }));
    }

    [TestCase("1/1", true)]
    [TestCase("3/3", true)]
    [TestCase("0/3", false)]
    [TestCase("4/3", false)]
    [TestCase("1/0", false)]
    [TestCase("-1/3", false)]
    [TestCase("1/3/5", false)]
    [TestCase("1 / 3", false)]
    [TestCase("1000/1000", true)]
    [TestCase("1/1001", false)]
    [TestCase("1/99999999999", false)]
    [TestCase("+1/3", false)]
    [TestCase("1.0/3", false)]
    [TestCase("\u0661/\u0663", false)]
    [TestCase("/3", false)]
    [TestCase("", false)]
    public void Shards_are_i_of_n(string text, bool valid)
    {
        Assert.That(RunShards.TryParse(text, out _, out _), Is.EqualTo(valid));
    }

    [Test]
    public void Every_case_is_in_exactly_one_part_and_parts_differ_by_at_most_one_case()
    {
        foreach (var count in new[] { 1, 2, 3, 7 })
        {
            var sizes = Enumerable.Range(1, count).Select(index => Enumerable.Range(0, 40).Count(new RunShard(index, count).Contains)).ToList();
            Assert.That(sizes.Sum(), Is.EqualTo(40));
            Assert.That(sizes.Max() - sizes.Min(), Is.LessThanOrEqualTo(1));
        }
    }
}
