using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Reporting;

/// <summary>Reports built through the engine's gate from results of every class, with unicode, long and hostile outputs.</summary>
internal static class ReportSamples
{
    public const string ScriptTag = "<script>alert('owned')</script>";
    public const string MarkdownInjection = "**bold** [click](https://example.invalid) ![x](https://example.invalid/x.png) @everyone <img src=x onerror=alert(1)> | col | # heading\n```\nfence breaker\n```\n````\n</details><details open>";
    public const string AnsiAndNul = "red \u001b[31mALERT\u001b[0m and a NUL \0 here, a bell \a, DEL \u007f, C1 \u0085, bidi \u202Eevil\u202C";
    public const string Unicode = "Ünïcödé 日本語 Ελληνικά עברית 🙂👍🏽 e\u0301 — “quotes” and a lone surrogate \ud800 end";

    /// <summary>One case of each outcome, plus unicode, very long, hostile and 5 MB outputs.</summary>
    public static RunReport Everything() => Build(EveryResult());

    /// <summary>Results of every outcome (named after it) and the hostile ones.</summary>
    public static IReadOnlyList<CaseResult> EveryResult()
    {
        var results = new List<CaseResult>();
        foreach (var outcome in Enum.GetValues<CaseOutcome>())
        {
            results.Add(Result(outcome.ToName(), outcome, "base answer for " + outcome.ToName(), outcome is CaseOutcome.Unchanged ? "base answer for unchanged" : "new answer for " + outcome.ToName()));
        }

        results.Add(Result("unicode", CaseOutcome.Changed, Unicode, Unicode + " (changed)"));
        results.Add(Result("long-lines", CaseOutcome.Changed, string.Join("\n", Enumerable.Range(0, 3000).Select(i => $"line {i} of a very long answer")), string.Join("\n", Enumerable.Range(0, 3000).Select(i => i % 500 == 0 ? $"LINE {i} CHANGED" : $"line {i} of a very long answer"))));
        results.Add(Result("script", CaseOutcome.Changed, "plain", ScriptTag) with { Summary = "summary with " + ScriptTag });
        results.Add(Result("markdown", CaseOutcome.Changed, "plain", MarkdownInjection) with { Summary = MarkdownInjection });
        results.Add(Result("ansi-nul", CaseOutcome.AssertionFailed, "plain", AnsiAndNul) with
        {
            Summary = "1 assertion failed",
            AssertionFailures = [new AssertionFailure(new AssertionDefinition { Kind = AssertionKind.Contains, Text = "x" }, "contains 'x': not found in '" + AnsiAndNul + "'")],
        });
        results.Add(Result("huge-new", CaseOutcome.New, null, ScriptTag + new string('y', 5 * 1024 * 1024) + "\n````\n" + ScriptTag));
        results.Add(Result("huge", CaseOutcome.Changed, "small", new string('x', 5 * 1024 * 1024 - 10) + "</pre>\n" + ScriptTag));
        return results;
    }

    public static CaseResult Result(string caseId, CaseOutcome outcome, string? baseline, string? output) => new()
    {
        Suite = caseId is "unicode" or "long-lines" or "script" or "markdown" or "ansi-nul" or "huge" or "huge-new" ? "hostile" : "classes",
        Case = caseId,
        Tags = caseId == "changed" ? ["geo", "smoke"] : ["smoke"],
        Outcome = outcome,
        Summary = outcome.ToName() + " summary",
        Output = outcome == CaseOutcome.ProviderError ? null : output,
        BaselineOutput = outcome == CaseOutcome.New ? null : baseline,
        Diff = baseline is not null && output is not null && baseline != output && outcome != CaseOutcome.New
            ? LlmGuard.Comparison.SnapshotDiff.Create(baseline, output, "verified", "received")
            : null,
        Failure = outcome == CaseOutcome.ProviderError ? new ProviderFailure("http", "Service Unavailable <b>", 503) : null,
        Identity = new ModelIdentity { ResolvedModelId = "m-2", Digest = "sha256:d2" },
        IdentityChanges = outcome == CaseOutcome.Equivalent ? [new IdentityChange("system_fingerprint", "fp_1", "fp_2", Gating: false)] : [],
        RequestFingerprint = "sha256:" + caseId,
        Duration = TimeSpan.FromMilliseconds(12.5),
        Usage = new TokenUsage(10, 20),
        VerifiedPath = $"snapshots/x/{caseId}.verified.txt",
    };

    /// <summary>A report of these results as a run gates them.</summary>
    public static RunReport Build(IReadOnlyList<CaseResult> results, RunMode mode = RunMode.Verify)
    {
        var suites = results.Select(result => result.Suite).Distinct().Select(id => new Suite
        {
            Id = id,
            Target = new TargetDefinition { Provider = "openai-compatible", Model = "m", Endpoint = "https://user:secret@models.example.invalid/v1?api-key=sk-abcdefghijkl" },
            Gate = new GateDefinition { MaxChangedShare = id == "classes" ? 0.5 : 0, CriticalTags = ["safety"] },
            Cases = [],
            FilePath = $"/suites/{id}.yaml",
        }).ToList();
        var tally = new RunTally(mode);
        var positions = results.Select((result, index) => (result.Name, index)).ToDictionary(pair => pair.Name, pair => pair.index);
        var builder = new RunReportBuilder(suites, mode, positions, RunReportBuilder.Environment(mode, "candidate-1", null, ci: false));
        foreach (var result in results)
        {
            tally.Add(suites.Single(suite => suite.Id == result.Suite), result);
            builder.Add(result);
        }

        return builder.Build(tally.Verdict(interrupted: false, ["snapshots/old/gone.verified.txt"]));
    }
}
