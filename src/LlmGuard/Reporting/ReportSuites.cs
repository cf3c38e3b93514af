using System.Text.Json.Nodes;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Statistics;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>Builds a report's suite records from the suites and their verdicts, and rebuilds a suite's gate from a report.</summary>
internal static class ReportSuites
{
    private const string MaxChangedShare = "max_changed_share";
    private const string CriticalTags = "critical_tags";
    private const string FailOnIdentityChange = "fail_on_identity_change";
    private const string MaxChangedShareByTag = "max_changed_share_by_tag";
    private const string IntendedTags = "intended_tags";
    private const string NoRegressions = "no_regressions";
    private const string MinAgreement = "min_agreement";
    private const string MaxProviderErrors = "max_provider_errors";
    private const string Significance = "significance";
    private const string Underpowered = "underpowered";
    private const string MaxOutputTokensIncrease = "max_output_tokens_increase";
    private const string MaxCostIncrease = "max_cost_increase";
    private const string MaxLatencyP95 = "max_latency_p95";
    private const string MaxLikelihoodShift = "max_likelihood_shift";

    /// <summary>The report record of a suite and its verdict.</summary>
    public static ReportSuite From(Suite suite, SuiteVerdict verdict, RunMode mode) => WithVerdict(new ReportSuite
    {
        Id = suite.Id,
        Description = suite.Description,
        File = RelativeFile(suite.FilePath),
        Target = TargetOf(suite.Target),
        Gate = new ReportGate
        {
            Passed = verdict.Passed,
            Rules = RulesOf(suite.Gate),
            Outcomes = OutcomeDecisions(new GatePolicy(suite.Gate, mode)),
        },
        Total = verdict.Total,
        Counts = Counts(verdict.Counts),
    }, verdict);

    /// <summary>
    /// The suite record with everything the gate's verdict decides replaced by <paramref name="verdict"/>'s: passed, reasons,
    /// the rules as applied, tallies, identity and model changes, changed and intended cases, agreement, statistics and figures.
    /// </summary>
    public static ReportSuite WithVerdict(ReportSuite suite, SuiteVerdict verdict) => suite with
    {
        Gate = suite.Gate with
        {
            Passed = verdict.Passed,
            ProviderErrorsOnly = verdict.ProviderErrorsOnly,
            Reasons = verdict.Reasons,
            RuleResults = [.. verdict.Rules.Select(rule => new ReportGateRuleResult
            {
                Rule = rule.Rule,
                Held = rule.Held,
                Figure = rule.Figure,
                Limit = rule.Limit,
                Note = rule.Note,
                Cases = rule.Cases,
            })],
        },
        Total = verdict.Total,
        Counts = Counts(verdict.Counts),
        IdentityChanges = [.. verdict.IdentityChanges.Select(ReportCases.IdentityChangeOf)],
        ModelChange = verdict.ModelChange is { } modelChange ? ReportCases.IdentityChangeOf(modelChange) : null,
        SameWeights = verdict.SameWeights,
        ChangedCases = verdict.ChangedCases,
        IntendedChanges = verdict.IntendedChanges,
        DifferingOutputs = verdict.DifferingOutputs,
        EquivalentByStep = new SortedDictionary<string, int>(verdict.EquivalentByStep.ToDictionary(), StringComparer.Ordinal),
        Agreement = verdict.Agreement,
        Statistics = verdict.Statistics is { } statistics ? StatisticsOf(statistics) : null,
        Figures = verdict.Figures is { } figures ? FiguresOf(figures) : null,
    };

    /// <summary>The report record of the paired comparison.</summary>
    public static ReportStatistics StatisticsOf(PairedComparison statistics) => new()
    {
        Cases = statistics.Cases,
        BothPassed = statistics.BothPassed,
        BothFailed = statistics.BothFailed,
        Regressions = statistics.Regressions,
        Improvements = statistics.Improvements,
        PValue = statistics.PValue,
        RegressionPValue = statistics.RegressionPValue,
        ImprovementPValue = statistics.ImprovementPValue,
        Alpha = statistics.Alpha,
        MinimumDiscordant = statistics.MinimumDiscordant,
        BaselinePassRate = statistics.BaselinePassRate,
        CandidatePassRate = statistics.CandidatePassRate,
        IntervalLow = statistics.IntervalLow,
        IntervalHigh = statistics.IntervalHigh,
        Resamples = statistics.Resamples,
        Seed = statistics.Seed,
        Verdict = statistics.Verdict.ToName(),
        Underpowered = statistics.Verdict == StatisticalVerdict.Underpowered,
        Description = statistics.Describe(),
        RegressedCases = statistics.RegressedCases,
        ImprovedCases = statistics.ImprovedCases,
    };

    /// <summary>The report record of a suite's figures.</summary>
    public static ReportFigures FiguresOf(SuiteFigures figures) => new()
    {
        AnsweredCases = figures.AnsweredCases,
        ComparedCases = figures.ComparedCases,
        InputTokens = figures.InputTokens,
        OutputTokens = figures.OutputTokens,
        BaselineOutputTokens = figures.BaselineOutputTokens,
        OutputTokensIncrease = figures.OutputTokensIncrease,
        TokensEstimated = figures.TokensEstimated,
        Cost = figures.Cost,
        BaselineCost = figures.BaselineCost,
        CostIncrease = figures.CostIncrease,
        ModelsWithoutPrice = figures.ModelsWithoutPrice,
        LatencyP95Ms = figures.LatencyP95 is { } p95 ? Math.Round(p95.TotalMilliseconds, 1) : null,
        LikelihoodCases = figures.LikelihoodCases,
        LargestLikelihoodShift = figures.LargestLikelihoodShift,
        MeanKlDivergence = figures.MeanKlDivergence,
    };

    /// <summary>Outcome counts by name, in declaration order, leaving out outcomes with none.</summary>
    public static IReadOnlyDictionary<string, int> Counts(IReadOnlyDictionary<CaseOutcome, int> counts)
    {
        var named = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var outcome in Enum.GetValues<CaseOutcome>())
        {
            if (counts.GetValueOrDefault(outcome) is > 0 and var count)
            {
                named[outcome.ToName()] = count;
            }
        }

        return named;
    }

    /// <summary>Counts by outcome name in outcome declaration order (unknown names last, by name).</summary>
    public static IReadOnlyDictionary<string, int> OrderCounts(IReadOnlyDictionary<string, int> counts)
    {
        var ordered = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in ReportCases.OutcomeNames.Where(counts.ContainsKey).Concat(counts.Keys.Except(ReportCases.OutcomeNames).Order(StringComparer.Ordinal)))
        {
            ordered[name] = counts[name];
        }

        return ordered;
    }

    /// <summary>
    /// The suite's gate settings as data: the share, critical tags and identity rule always, every other setting when the suite
    /// sets it (durations in seconds).
    /// </summary>
    public static IReadOnlyList<ReportGateRule> RulesOf(GateDefinition gate)
    {
        List<ReportGateRule> rules =
        [
            new(MaxChangedShare, JsonValue.Create(gate.MaxChangedShare)),
            new(CriticalTags, Strings(gate.CriticalTags)),
            new(FailOnIdentityChange, JsonValue.Create(gate.FailOnIdentityChange)),
        ];
        if (gate.MaxChangedShareByTag.Count > 0)
        {
            rules.Add(new(MaxChangedShareByTag, new JsonObject(gate.MaxChangedShareByTag.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value))))));
        }

        if (gate.IntendedTags.Count > 0)
        {
            rules.Add(new(IntendedTags, Strings(gate.IntendedTags)));
        }

        if (gate.NoRegressions)
        {
            rules.Add(new(NoRegressions, JsonValue.Create(true)));
        }

        AddNumber(rules, MinAgreement, gate.MinAgreement);
        if (gate.MaxProviderErrors > 0)
        {
            rules.Add(new(MaxProviderErrors, JsonValue.Create(gate.MaxProviderErrors)));
        }

        AddNumber(rules, Significance, gate.Significance);
        if (gate.Significance is not null || gate.Underpowered != UnderpoweredPolicy.Warn)
        {
            rules.Add(new(Underpowered, JsonValue.Create(gate.Underpowered.ToString().ToLowerInvariant())));
        }

        AddNumber(rules, MaxOutputTokensIncrease, gate.MaxOutputTokensIncrease);
        AddNumber(rules, MaxCostIncrease, gate.MaxCostIncrease);
        AddNumber(rules, MaxLatencyP95, gate.MaxLatencyP95?.TotalSeconds);
        AddNumber(rules, MaxLikelihoodShift, gate.MaxLikelihoodShift);
        return rules;
    }

    /// <summary>The gate a report's rules describe, so merged shards are gated by the same policy.</summary>
    /// <exception cref="InvalidDataException">A rule is unknown to this build or has a value of the wrong type.</exception>
    public static GateDefinition GateOf(ReportSuite suite)
    {
        var gate = GateDefinition.Default;
        foreach (var rule in suite.Gate.Rules)
        {
            InvalidDataException WrongType() => new($"suite '{suite.Id}': the gate rule '{OutsideText.Escape(rule.Name)}' has a value of the wrong type.");
            gate = rule.Name switch
            {
                MaxChangedShare => gate with { MaxChangedShare = rule.Value is JsonValue share && share.TryGetValue<double>(out var value) ? value : throw WrongType() },
                CriticalTags => gate with
                {
                    CriticalTags = rule.Value is JsonArray tags && tags.All(tag => tag is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String)
                        ? [.. tags.Select(tag => tag!.GetValue<string>())]
                        : throw WrongType(),
                },
                FailOnIdentityChange => gate with { FailOnIdentityChange = rule.Value is JsonValue flag && flag.TryGetValue<bool>(out var fails) ? fails : throw WrongType() },
                _ => throw new InvalidDataException(
                    $"suite '{suite.Id}' has the gate rule '{OutsideText.Escape(rule.Name)}', which this version of LlmGuard does not know: merge with the version that wrote it."),
            };
        }

        return gate;
    }

    /// <summary>
    /// The gate a report's rules describe, every setting included (<see cref="GateOf"/> reads the share, critical tags and
    /// identity rule, this the drift settings too), so merged shards are gated by the same policy as the run.
    /// </summary>
    /// <exception cref="InvalidDataException">A rule is unknown to this build or has a value of the wrong type.</exception>
    public static GateDefinition GateWithEveryRuleOf(ReportSuite suite)
    {
        var driftRules = suite.Gate.Rules.Where(rule => DriftRuleNames.Contains(rule.Name)).ToList();
        var gate = GateOf(suite with { Gate = suite.Gate with { Rules = [.. suite.Gate.Rules.Where(rule => !DriftRuleNames.Contains(rule.Name))] } });
        foreach (var rule in driftRules)
        {
            InvalidDataException WrongType() => new($"suite '{suite.Id}': the gate rule '{rule.Name}' has a value of the wrong type.");
            double Number() => rule.Value is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.GetValue<double>() : throw WrongType();
            bool Flag() => rule.Value is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : throw WrongType();
            IReadOnlyList<string> Texts() => rule.Value is JsonArray items && items.All(item => item is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String)
                ? [.. items.Select(item => item!.GetValue<string>())]
                : throw WrongType();
            gate = rule.Name switch
            {
                MaxChangedShareByTag => gate with
                {
                    MaxChangedShareByTag = rule.Value is JsonObject shares && shares.All(pair => pair.Value is JsonValue share && share.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                        ? new SortedDictionary<string, double>(shares.ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<double>()), StringComparer.Ordinal)
                        : throw WrongType(),
                },
                IntendedTags => gate with { IntendedTags = Texts() },
                NoRegressions => gate with { NoRegressions = Flag() },
                MinAgreement => gate with { MinAgreement = Number() },
                MaxProviderErrors => gate with { MaxProviderErrors = Number() is var errors && errors >= 0 && errors <= int.MaxValue && errors == Math.Floor(errors) ? (int)errors : throw WrongType() },
                Significance => gate with { Significance = Number() },
                Underpowered => gate with
                {
                    Underpowered = rule.Value is JsonValue policy && policy.TryGetValue<string>(out var name) && name is "warn" or "fail"
                        ? name == "fail" ? UnderpoweredPolicy.Fail : UnderpoweredPolicy.Warn
                        : throw WrongType(),
                },
                MaxOutputTokensIncrease => gate with { MaxOutputTokensIncrease = Number() },
                MaxCostIncrease => gate with { MaxCostIncrease = Number() },
                MaxLatencyP95 => gate with { MaxLatencyP95 = Number() is var seconds && seconds is >= 0 and < 1e9 ? TimeSpan.FromSeconds(seconds) : throw WrongType() },
                MaxLikelihoodShift => gate with { MaxLikelihoodShift = Number() },
                _ => gate,
            };
        }

        return gate;
    }

    private static readonly HashSet<string> DriftRuleNames = new(StringComparer.Ordinal)
    {
        MaxChangedShareByTag, IntendedTags, NoRegressions, MinAgreement, MaxProviderErrors, Significance, Underpowered,
        MaxOutputTokensIncrease, MaxCostIncrease, MaxLatencyP95, MaxLikelihoodShift,
    };

    /// <summary>What the gate makes of a case of each outcome on its own (no tags, no identity change).</summary>
    public static IReadOnlyDictionary<string, string> OutcomeDecisions(GatePolicy policy)
    {
        var decisions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var outcome in Enum.GetValues<CaseOutcome>())
        {
            var probe = new CaseResult { Suite = "", Case = "", Outcome = outcome, Summary = "", RequestFingerprint = "" };
            decisions[outcome.ToName()] = ReportCases.GateName(policy.Assess(probe).Decision);
        }

        return decisions;
    }

    /// <summary>The target without secrets: an endpoint keeps scheme, host, port and path only.</summary>
    public static ReportTarget TargetOf(TargetDefinition target)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(RequestFingerprint.ParametersJson(target)) is JsonObject rendered)
        {
            foreach (var (name, value) in rendered)
            {
                parameters[name] = value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";
            }
        }

        return new ReportTarget
        {
            Provider = target.Provider,
            Model = target.Model,
            Endpoint = target.Endpoint is { } endpoint ? EndpointWithoutSecrets(endpoint) : null,
            Deployment = target.Deployment,
            ApiKeyEnv = target.ApiKeyVariable,
            Parameters = parameters,
        };
    }

    /// <summary>An endpoint without user info, query or fragment (where keys hide), and with any key shape redacted.</summary>
    public static string EndpointWithoutSecrets(string endpoint)
    {
        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var builder = new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" };
            var text = builder.Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
            return SecretRedactor.Redact(text) + (uri.Query.Length > 1 ? "?" + SecretRedactor.Mask : "");
        }

        return SecretRedactor.Redact(endpoint);
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);

    private static void AddNumber(List<ReportGateRule> rules, string name, double? value)
    {
        if (value is { } number)
        {
            rules.Add(new(name, JsonValue.Create(number)));
        }
    }

    private static string? RelativeFile(string path)
    {
        if (path.Length == 0)
        {
            return null;
        }

        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative).Replace('\\', '/');
    }
}
