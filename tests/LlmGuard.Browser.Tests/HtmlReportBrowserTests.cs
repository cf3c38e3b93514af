using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Tests.Reporting;
using Microsoft.Playwright;

namespace LlmGuard.Browser.Tests;

public sealed class HtmlReportBrowserTests
{
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private IPage page = null!;
    private readonly List<string> consoleErrors = [];
    private readonly List<string> requests = [];
    private readonly List<string> dialogs = [];

    [SetUp]
    public async Task SetUp()
    {
        (playwright, browser) = await Chromium.LaunchAsync();
        page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                consoleErrors.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => consoleErrors.Add("page error: " + error);
        page.Request += (_, request) => requests.Add(request.Url);
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
    }

    [TearDown]
    public async Task TearDown()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    [Test]
    public async Task A_base_vs_candidate_report_filters_to_changed_cases_and_shows_the_changed_words()
    {
        using var scenario = new ReportScenario();
        await scenario.RecordBaseAsync();
        var html = scenario.PathOf("report.html");
        var report = await scenario.RunCandidateAsync(scenario.PathOf("report.json"), moreReports: [new ReportRequest(ReportFormat.Html, html)]);
        var changed = report.Cases.Where(c => c.Outcome == "changed").ToList();
        Assert.That(report.Cases, Has.Count.EqualTo(ReportScenario.CaseCount));

        await page.GotoAsync(new Uri(html).AbsoluteUri);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#shown")).ToHaveTextAsync("40 of 40 cases");

        await page.SelectOptionAsync("#filter-outcome", "changed");
        var visible = page.Locator("details.case:visible");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#shown")).ToHaveTextAsync($"{changed.Count} of 40 cases");
        Assert.That(await visible.CountAsync(), Is.EqualTo(changed.Count));
        Assert.That(await visible.EvaluateAllAsync<string[]>("cases => cases.map(c => c.dataset.outcome)"), Is.All.EqualTo("changed"));

        var first = visible.First;
        await first.Locator("summary").ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(first).ToHaveAttributeAsync("open", "");
        var removed = first.Locator("table.diff del.w");
        var added = first.Locator("table.diff ins.w");
        await Microsoft.Playwright.Assertions.Expect(removed).ToBeVisibleAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await first.Locator(".case-name").TextContentAsync(), Is.EqualTo("geo/case-01"));
            Assert.That(await removed.AllTextContentsAsync(), Is.EqualTo(new[] { "Alpha1" }));
            Assert.That(await added.AllTextContentsAsync(), Is.EqualTo(new[] { "Omega1" }));
        });

        await page.FillAsync("#search", "omega13");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#shown")).ToHaveTextAsync($"1 of 40 cases");

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "html-report-changed-cases.png");
        await page.FillAsync("#search", "");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        TestContext.AddTestAttachment(screenshot, "The HTML report filtered to changed cases, one expanded");

        Assert.Multiple(() =>
        {
            Assert.That(consoleErrors, Is.Empty);
            Assert.That(requests, Is.All.StartsWith("file://"), "the report fetches nothing");
            Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
        });
    }

    [Test]
    public async Task Hostile_outputs_are_text_in_the_browser_and_run_nothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"llmguard-hostile-{Guid.NewGuid():N}.html");
        try
        {
            var report = ReportSamples.Build([.. ReportSamples.EveryResult().Where(result => !result.Case.StartsWith("huge", StringComparison.Ordinal))]);
            await File.WriteAllTextAsync(file, HtmlReport.Render(report));

            await page.GotoAsync(new Uri(file).AbsoluteUri);
            await page.ClickAsync("#expand-all");
            var script = page.Locator("details.case", new PageLocatorOptions { HasText = "hostile/script" });

            Assert.Multiple(async () =>
            {
                Assert.That(await script.Locator("td.code.new").InnerTextAsync(), Does.Contain(ReportSamples.ScriptTag));
                Assert.That(await page.Locator("details.case img").CountAsync(), Is.Zero, "no markup from a model became an element");
                Assert.That(await page.Locator("details.case[open]").CountAsync(), Is.EqualTo(report.Cases.Count), "an injected </details> closed nothing");
                Assert.That(dialogs, Is.Empty, "no script from a model ran");
                Assert.That(consoleErrors, Is.Empty);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }
}
