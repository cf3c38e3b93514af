using System.CommandLine;
using LlmGuard.Planning;

namespace LlmGuard.Cli;

/// <summary>
/// <c>llmguard compare --baseline … --candidate …</c>: run each case on two sides — each a live model or the outputs of an
/// earlier results file — and judge the candidate against the baseline through the equivalence ladder, without snapshots.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var paths = CommonOptions.SuitePaths();
        var snapshots = CommonOptions.Snapshots();
        snapshots.Description = "The snapshot folder (read for nothing; the judge and embedding cache lives beside it).";
        var baseline = new Option<string>("--baseline")
        {
            Description = $"The baseline: a model name (run with each suite's target and provider), or a results file (*.jsonl) of an earlier 'llmguard run --results'. Default: ${RunEnvironmentVariables.Baseline}.",
        };
        var candidate = new Option<string?>("--candidate")
        {
            Description = $"The candidate: a model name or a results file, as for --baseline. Default: ${RunEnvironmentVariables.Candidate}, else each suite's own model.",
        };
        var baselineProvider = new Option<string?>("--baseline-provider") { Description = "Run the baseline model with this provider instead of each suite's own." };
        var candidateProvider = new Option<string?>("--candidate-provider") { Description = "Run the candidate model with this provider instead of each suite's own." };
        var suite = CommonOptions.Suite();
        var caseOption = CommonOptions.Case();
        var tag = CommonOptions.Tag();
        var concurrency = CommonOptions.Concurrency();
        var repeat = RunExecution.RepeatOption("Run every case this many times on both sides (TARr@k, TARa@k, pass rates for the paired test).");
        var results = new Option<string?>("--results") { Description = "Also write every result as JSON Lines to this file." };
        var cache = RunExecution.CacheOption();
        var reports = CommonOptions.Report();
        var command = new Command("compare", "Compare a candidate with a baseline, case by case, without snapshots: both live, or either from an earlier results file.")
        {
            paths, suites, snapshots, baseline, candidate, baselineProvider, candidateProvider, suite, caseOption, tag, concurrency, repeat, results, cache, reports,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new RunOptions
            {
                Mode = RunMode.Compare,
                Baseline = parseResult.GetValue(baseline) is { Length: > 0 } baselineText ? ComparisonSide.Parse(baselineText, parseResult.GetValue(baselineProvider)) : null,
                Candidate = parseResult.GetValue(candidate) is { Length: > 0 } candidateText ? ComparisonSide.Parse(candidateText, parseResult.GetValue(candidateProvider)) : null,
                Selection = CommonOptions.Selection(parseResult, suite, caseOption, tag),
                Concurrency = parseResult.GetValue(concurrency),
                Repeat = parseResult.GetValue(repeat),
                ResultsPath = parseResult.GetValue(results),
                CachePath = parseResult.GetValue(cache),
                Reports = CommonOptions.Reports(parseResult, reports),
            };
            return RunExecution.ExecuteAsync(context, CommonOptions.SuitePaths(parseResult, paths, suites), parseResult.GetValue(snapshots)!, options, cancellationToken);
        });
        return command;
    }
}
