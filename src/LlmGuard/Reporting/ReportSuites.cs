using System.Text.Json.Nodes;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Reporting;

/// <summary>Builds a report's suite records from the suites and their verdicts, and rebuilds a suite's gate from a report.</summary>
internal static class ReportSuites
{
    private const string MaxChangedShare = "max_changed_share";
    private const string CriticalTags = "critical_tags";
    private const string FailOnIdentityChange = "fail_on_identity_change";

    /// <summary>The report record of a suite and its verdict.</summary>
    public static ReportSuite From(Suite suite, SuiteVerdict verdict, RunMode mode) => new()
    {
        Id = suite.Id,
        Description = suite.Description,
        File = RelativeFile(suite.FilePath),
        Target = TargetOf(suite.Target),
        Gate = new ReportGate
        {
            Passed = verdict.Passed,
            ProviderErrorsOnly = verdict.ProviderErrorsOnly,
            Reasons = verdict.Reasons,
            Rules = RulesOf(suite.Gate),
            Outcomes = OutcomeDecisions(new GatePolicy(suite.Gate, mode)),
        },
        Total = verdict.Total,
        Counts = Counts(verdict.Counts),
        IdentityChanges = [.. verdict.IdentityChanges.Select(change => new ReportIdentityChange(change.Field, change.Recorded, change.Current, change.Gating))],
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

    /// <summary>The suite's gate settings as data.</summary>
    public static IReadOnlyList<ReportGateRule> RulesOf(GateDefinition gate) =>
    [
        new(MaxChangedShare, JsonValue.Create(gate.MaxChangedShare)),
        new(CriticalTags, new JsonArray([.. gate.CriticalTags.Select(tag => (JsonNode?)JsonValue.Create(tag))])),
        new(FailOnIdentityChange, JsonValue.Create(gate.FailOnIdentityChange)),
    ];

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
