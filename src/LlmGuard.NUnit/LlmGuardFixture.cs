using LlmGuard.Execution;
using NUnit.Framework;
using LlmGuard.Suites;

namespace LlmGuard.NUnit;

/// <summary>
/// The base of a test class that runs LlmGuard suites with <c>dotnet test</c>. Derive one class and name its suites
/// with <see cref="LlmGuardSuitesAttribute"/>; every case becomes a test named <c>suite/case</c> with the case's
/// tags as categories, so <c>--filter "FullyQualifiedName~capitals/france"</c>, <c>--filter Name=capitals/france</c>
/// and <c>--filter TestCategory=geo</c> select cases. Suites that do not validate give one failing test,
/// <c>folder/(invalid)</c>, listing every problem with its file, line and column.
/// </summary>
/// <remarks>
/// <para>The mode comes from <c>LLMGUARD_MODE</c>: <c>verify</c> (the default), <c>update</c> (refused on CI) or
/// <c>replay</c>. Each case is classified by the same engine as <c>llmguard run</c>; a changed, new,
/// request-changed, assertion-failed or provider-error case fails its test with the CLI's explanation (class,
/// diff, verified and received file paths) and attaches the received file. When a suite's gate allows a share of
/// changed cases (<c>max_changed_share</c> above 0), a changed case without a critical tag is a warning instead,
/// and the suite's <c>suite/(gate)</c> test, run after its cases, fails when the share is exceeded.</para>
/// <para>When every case of the class ran, orphaned snapshot files are reported (not deleted). When
/// <c>LLMGUARD_RESULTS</c> names a file, every result is appended to it as JSON Lines, as <c>llmguard run --results</c>
/// writes them. <c>LLMGUARD_REPORT_JSON</c>, <c>LLMGUARD_REPORT_MARKDOWN</c>, <c>LLMGUARD_REPORT_JUNIT</c> and
/// <c>LLMGUARD_REPORT_HTML</c> name report files written when the class's run finishes (the classes of one test run
/// share them); the HTML report is attached to the test run, and when <c>GITHUB_STEP_SUMMARY</c> is set the class's
/// Markdown report is appended to it.</para>
/// </remarks>
/// <example>
/// <code>
/// [LlmGuardSuites("../../suites", Snapshots = "../../snapshots")]
/// public sealed class ModelRegressionTests : LlmGuardFixture;
/// </code>
/// </example>
public abstract class LlmGuardFixture
{
    private LlmGuardSession? session;
    private string? startFailure;

    /// <summary>
    /// The providers the suites may use: by default the built-in ones, the same the <c>llmguard</c> command knows.
    /// Override to register any <see cref="Microsoft.Extensions.AI.IChatClient"/>, e.g.
    /// <c>base.CreateRegistry().Register("mine", (target, context) =&gt; new MyChatClient(target.Model))</c>.
    /// </summary>
    protected virtual ProviderRegistry CreateRegistry() => BuiltInProviders();

    /// <summary>A new registry holding every built-in provider (<see cref="ProviderNames.All"/>), the same the <c>llmguard</c> command knows.</summary>
    internal static ProviderRegistry BuiltInProviders() =>
        new ProviderRegistry().AddOpenAI().AddAzureOpenAI().AddOpenAICompatible().AddOllama().AddLocal().AddScripted();

    /// <summary>Runs one test: a case of the suites, a suite's gate, or the report of invalid suites.</summary>
    /// <param name="name">The test name, <c>suite/case</c>.</param>
    [LlmGuardCases]
    public async Task RunCaseAsync(string name)
    {
        var catalog = SuiteCatalog.For(GetType());
        var entry = catalog.Find(name) ?? throw new InvalidOperationException($"LlmGuard: no test '{name}' in the suites of {GetType().FullName}.");
        if (entry.Kind == CatalogEntryKind.Invalid)
        {
            Assert.Fail(catalog.InvalidMessage ?? "LlmGuard: the suites do not validate.");
        }

        if (startFailure is not null || session is null)
        {
            Assert.Fail(startFailure ?? "LlmGuard: the run did not start.");
            return;
        }

        var verdict = entry.Kind == CatalogEntryKind.Gate
            ? session.CheckGate(entry.Suite!)
            : await session.RunAsync(entry.Name, TestContext.CurrentContext.CancellationToken).ConfigureAwait(false);
        Present(verdict);
    }

    /// <summary>Starts the run of this class's suites: mode, providers and the one runner all its tests share.</summary>
    [OneTimeSetUp]
    protected void StartLlmGuardRun()
    {
        var catalog = SuiteCatalog.For(GetType());
        if (!catalog.IsValid)
        {
            return;
        }

        foreach (var warning in catalog.Warnings)
        {
            TestContext.Progress.WriteLine(warning.ToString());
        }

        try
        {
            session = LlmGuardSession.Start(catalog, CreateRegistry(), Environment.GetEnvironmentVariable);
        }
        catch (InvalidOperationException exception)
        {
            // Reported by each test rather than as a set-up error, so the message reads the same as the CLI's.
            startFailure = exception.Message.StartsWith("LlmGuard:", StringComparison.Ordinal) ? exception.Message : "LlmGuard: " + exception.Message;
        }
    }

    /// <summary>Ends the run: reports orphaned snapshots when every case ran, and releases the providers.</summary>
    [OneTimeTearDown]
    protected async Task FinishLlmGuardRunAsync()
    {
        if (session is null)
        {
            return;
        }

        try
        {
            if (session.Finish() is { } report)
            {
                TestContext.Progress.Write(report);
                TestContext.Out.Write(report);
            }

            foreach (var html in session.HtmlReports)
            {
                TestContext.AddTestAttachment(html, "LlmGuard HTML report");
            }
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
            session = null;
        }
    }

    private static void Present(CaseTestVerdict verdict)
    {
        if (verdict.Result is { } result)
        {
            foreach (var change in result.IdentityChanges.Where(change => !change.Gating))
            {
                TestContext.Out.WriteLine($"model identity changed (reported only): {change}");
            }

            if (result.ReceivedPath is { } received && File.Exists(received))
            {
                TestContext.AddTestAttachment(received, $"received output of {result.Name}");
            }
        }

        foreach (var report in verdict.Reports)
        {
            TestContext.AddTestAttachment(report, "LlmGuard HTML report of the run");
        }

        var message = verdict.Message ?? "";
        switch (verdict.Status)
        {
            case CaseTestStatus.Failed:
                Assert.Fail(message);
                break;
            case CaseTestStatus.Warning:
                Assert.Warn(message);
                break;
            case CaseTestStatus.Ignored:
                Assert.Ignore(message);
                break;
            default:
                if (verdict.Message is not null)
                {
                    TestContext.Out.WriteLine(verdict.Message);
                }

                break;
        }
    }
}
