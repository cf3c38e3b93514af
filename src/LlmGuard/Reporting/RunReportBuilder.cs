using System.Reflection;
using System.Runtime.InteropServices;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Suites;

namespace LlmGuard.Reporting;

/// <summary>Collects a run's results as they arrive and builds its <see cref="RunReport"/> from them and the verdict.</summary>
internal sealed class RunReportBuilder
{
    private readonly Dictionary<string, Suite> suites;
    private readonly Dictionary<string, GatePolicy> policies;
    private readonly IReadOnlyDictionary<string, int> positions;
    private readonly RunMode mode;
    private readonly ReportEnvironment environment;
    private readonly List<ReportCase> cases = [];

    /// <summary>Creates a builder for one run.</summary>
    /// <param name="suites">The run's suites (candidate model applied).</param>
    /// <param name="mode">The run mode.</param>
    /// <param name="positions">Each case's place (<c>suite/case</c> → 0-based) among every selected case before sharding.</param>
    /// <param name="environment">The run's environment facts; <see cref="ReportEnvironment.FinishedAt"/> is set when the report is built.</param>
    public RunReportBuilder(IReadOnlyList<Suite> suites, RunMode mode, IReadOnlyDictionary<string, int> positions, ReportEnvironment environment)
    {
        this.suites = suites.ToDictionary(suite => suite.Id, StringComparer.Ordinal);
        policies = suites.ToDictionary(suite => suite.Id, suite => new GatePolicy(suite.Gate, mode), StringComparer.Ordinal);
        this.positions = positions;
        this.mode = mode;
        this.environment = environment;
    }

    /// <summary>The version of LlmGuard that is running (its informational version, without build metadata).</summary>
    public static string ToolVersion { get; } =
        typeof(RunReportBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunReportBuilder).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The environment facts of a run starting now.</summary>
    public static ReportEnvironment Environment(RunMode mode, string? candidateModel, RunShard? shard, bool ci, string? planFingerprint = null) => new()
    {
        ToolVersion = ToolVersion,
        Runtime = RuntimeInformation.FrameworkDescription,
        Os = RuntimeInformation.OSDescription,
        Ci = ci,
        Mode = RunModeName(mode),
        CandidateModel = candidateModel,
        Shard = shard?.ToString(),
        PlanFingerprint = planFingerprint,
        StartedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>The name of a mode in reports.</summary>
    public static string RunModeName(RunMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>Adds a result.</summary>
    public void Add(CaseResult result)
    {
        var decision = policies.TryGetValue(result.Suite, out var policy) ? policy.Assess(result).Decision : CaseGateDecision.Fail;
        cases.Add(ReportCases.From(result, positions.TryGetValue(result.Name, out var position) ? position : positions.Count + cases.Count, decision));
    }

    /// <summary>The report of every result added so far and the verdict.</summary>
    public RunReport Build(RunVerdict verdict) => Create(
        environment with { FinishedAt = DateTimeOffset.UtcNow },
        verdict,
        [.. verdict.Suites.Where(suite => suites.ContainsKey(suite.Suite)).Select(suite => ReportSuites.From(suites[suite.Suite], suite, mode))],
        [.. cases.OrderBy(reportCase => reportCase.Position)]);

    /// <summary>A report from its parts, the verdict's tallies summed over its suites.</summary>
    public static RunReport Create(ReportEnvironment environment, RunVerdict verdict, IReadOnlyList<ReportSuite> suites, IReadOnlyList<ReportCase> cases)
    {
        var counts = new Dictionary<CaseOutcome, int>();
        foreach (var suite in verdict.Suites)
        {
            foreach (var (outcome, count) in suite.Counts)
            {
                counts[outcome] = counts.GetValueOrDefault(outcome) + count;
            }
        }

        return new RunReport
        {
            Environment = environment,
            Verdict = new ReportVerdict
            {
                Passed = verdict.Passed,
                ExitCode = verdict.ExitCode,
                Interrupted = verdict.Interrupted,
                Total = counts.Values.Sum(),
                Counts = ReportSuites.Counts(counts),
            },
            Suites = suites,
            Cases = cases,
            Orphans = verdict.Orphans,
        };
    }
}
