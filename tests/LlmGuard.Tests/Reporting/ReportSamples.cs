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
        results.AddRange(DriftResults());
        return results;
    }

    /// <summary>The judge's hostile reason, a step detail and tool-call arguments that must stay text in every format.</summary>
    public const string HostileReason = "keeps the fact " + ScriptTag + " **bold** [click](https://example.invalid)";
    public const string HostileDetail = "judge says <img src=x onerror=alert(2)> | pipe";
    public const string HostileArguments = "{\"city\":\"<img src=x onerror=alert(3)>\"}";

    /// <summary>
    /// A candidate run's suite <c>drift</c> (model openai/gpt-old → openai/gpt-new, different weights) with a case of each
    /// drift class — judged equivalent by a judge with votes, an intended change, an unstable repeated case — a changed case
    /// with tool calls that regressed, and an unchanged case whose likelihood moved; its gate sets every drift rule.
    /// </summary>
    public static IReadOnlyList<CaseResult> DriftResults()
    {
        var modelChange = new IdentityChange("model", "openai/gpt-old", "openai/gpt-new", Gating: false) { Expected = true };
        var digestChange = new IdentityChange("digest", "sha256:old", "sha256:new", Gating: true) { Expected = true };
        CaseResult Drift(string caseId, CaseOutcome outcome, string baseline, string output) => Result(caseId, outcome, baseline, output) with
        {
            Suite = "drift",
            Tags = [],
            Provider = "openai",
            Model = "gpt-new",
            IdentityChanges = [modelChange, digestChange],
            SameWeights = false,
            Usage = new TokenUsage(20, 30),
            EstimatedCost = 0.0002,
            Baseline = new BaselineFigures { Usage = new TokenUsage(20, 25), EstimatedCost = 0.0001, Model = "gpt-old" },
            PassRates = new PassRates(1, 1),
            Agreement = 1,
        };
        var judged = new LadderFinding(LadderStep.Judge, LadderVerdict.Equivalent, HostileDetail)
        {
            Score = 2.0 / 3,
            Threshold = 0.5,
            Model = new ModelIdentity { ResolvedModelId = "gpt-judge" },
            Votes = [new JudgeVote(true, HostileReason, Cached: false), new JudgeVote(true, MarkdownInjection, Cached: true), new JudgeVote(false, "drops the date", Cached: false)],
            Calls = 3,
            CachedCalls = 1,
        };
        var different = new LadderFinding(LadderStep.Exact, LadderVerdict.Undecided, "first difference at line 1");
        var judgedDifferent = new LadderFinding(LadderStep.Judge, LadderVerdict.Different, HostileDetail)
        {
            Score = 0,
            Threshold = 0.5,
            Votes = [new JudgeVote(false, HostileReason, Cached: false)],
            Calls = 1,
        };
        return
        [
            Drift("reworded", CaseOutcome.JudgedEquivalent, "Paris is the capital of France.", "France's capital is Paris.") with
            {
                Summary = "output differs from the verified snapshot but is equivalent by judge",
                Ladder = [different, judged],
                DecidingStep = judged,
            },
            Drift("new-tone", CaseOutcome.IntendedChange, "Hello.", "Hey there!") with
            {
                Summary = "output changed as intended (expect_change)",
                Tags = ["tone"],
                Intended = true,
                Ladder = [different, judgedDifferent],
                DecidingStep = judgedDifferent,
            },
            Drift("flaky", CaseOutcome.Unstable, "Answer: 7", "Answer: 7!") with
            {
                Summary = "output moved within its accepted variants",
                Ladder = [different, new LadderFinding(LadderStep.Variant, LadderVerdict.Equivalent, "matches accepted variant 2")],
                DecidingStep = new LadderFinding(LadderStep.Variant, LadderVerdict.Equivalent, "matches accepted variant 2"),
                Repeats =
                [
                    new RepeatRun(1, CaseOutcome.Unstable) { Output = "Answer: 7!", Seed = 11, Duration = TimeSpan.FromMilliseconds(3) },
                    new RepeatRun(2, CaseOutcome.Unchanged) { Output = "Answer: 7", Seed = 12, Duration = TimeSpan.FromMilliseconds(4) },
                    new RepeatRun(3, CaseOutcome.Unstable) { Output = "Answer: 7!", Seed = 13, Duration = TimeSpan.FromMilliseconds(5) },
                ],
                Stability = new Stability(3, 2, 2.0 / 3) { Tara = 1, DistinctAnswers = 1 },
                Agreement = 2.0 / 3,
                PassRates = new PassRates(1, 2.0 / 3),
            },
            Drift("weather-tool", CaseOutcome.Changed, "", "") with
            {
                Output = "",
                BaselineOutput = "",
                Summary = "tool calls differ: 1 call of the snapshot not matched",
                ToolCalls = [new ToolCall("get_weather", HostileArguments), new ToolCall("broken", "not json " + ScriptTag) { ArgumentsValid = false }],
                Diff = "tool calls (strict match): 1 call of the snapshot not matched\n  - get_weather({\"city\":\"Paris\"})\n  + get_weather(" + HostileArguments + ")\n",
                Ladder = [new LadderFinding(LadderStep.Json, LadderVerdict.Different, "$.city differs")],
                DecidingStep = new LadderFinding(LadderStep.Json, LadderVerdict.Different, "$.city differs"),
                PassRates = new PassRates(1, 0),
                Agreement = 0,
            },
            Drift("steady", CaseOutcome.Unchanged, "The sky is blue.", "The sky is blue.") with
            {
                Ladder = [new LadderFinding(LadderStep.Exact, LadderVerdict.Equivalent, LadderFinding.IdenticalDetail)],
                DecidingStep = new LadderFinding(LadderStep.Exact, LadderVerdict.Equivalent, LadderFinding.IdenticalDetail),
                Likelihood = new LikelihoodDrift { Tokens = 12, BaselineMeanLogProbability = -0.4, CandidateMeanLogProbability = -1.2, MeanKlDivergence = 0.3, Method = "teacher-forced" },
            },
        ];
    }

    /// <summary>The gate of the <c>drift</c> suite: every drift rule set.</summary>
    public static GateDefinition DriftGate { get; } = new()
    {
        MaxChangedShare = 0.5,
        IntendedTags = ["tone"],
        NoRegressions = true,
        MinAgreement = 0.5,
        Significance = 0.05,
        MaxOutputTokensIncrease = 0.1,
        MaxCostIncrease = 2,
        MaxLatencyP95 = TimeSpan.FromSeconds(5),
        MaxLikelihoodShift = 0.5,
        MaxChangedShareByTag = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["billing"] = 0.25 },
    };

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
            Gate = id == "drift" ? DriftGate : new GateDefinition { MaxChangedShare = id == "classes" ? 0.5 : 0, CriticalTags = ["safety"] },
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
