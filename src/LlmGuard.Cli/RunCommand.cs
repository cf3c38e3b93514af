using System.CommandLine;
using LlmGuard.Planning;

namespace LlmGuard.Cli;

/// <summary><c>llmguard run</c>: run suites against their models, compare with snapshots, apply the gate.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var paths = CommonOptions.SuitePaths();
        var snapshots = CommonOptions.Snapshots();
        var mode = new Option<string?>("--mode")
        {
            Description = $"verify (call the model, compare), update (call the model, write verified snapshots; refused on CI) or replay (call no model, use recorded outputs). Default: ${RunEnvironmentVariables.Mode} or verify.",
        };
        mode.AcceptOnlyFromAmong("verify", "update", "replay", "record");
        var suite = CommonOptions.Suite();
        var caseOption = CommonOptions.Case();
        var tag = CommonOptions.Tag();
        var concurrency = CommonOptions.Concurrency();
        var model = new Option<string?>("--model")
        {
            Description = $"Run every selected suite against this model instead of the suite's own (a candidate or fine-tuned model) and report the drift against the recorded snapshots. Default: ${RunEnvironmentVariables.Model}, else each suite's model.",
        };
        var results = new Option<string?>("--results") { Description = $"Also write every result as JSON Lines to this file (streamed as cases finish). Without it, results are appended to ${RunEnvironmentVariables.Results} when that is set." };
        var repeat = RunExecution.RepeatOption($"Send every case's request this many times (over each case's own 'repeat') and report TARr@k / TARa@k. Default: ${RunEnvironmentVariables.Repeat}, else each case's 'repeat', else once.");
        var cache = RunExecution.CacheOption();
        var reports = CommonOptions.Report();
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only part i of n of the selected cases (e.g. 2/3, for a CI matrix): the same split on every machine, the parts' sizes differing by at most one case. Merge the parts' JSON reports with 'llmguard report'.",
        };
        shard.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !RunShards.TryParse(text, out _, out var error))
            {
                result.AddError(error!);
            }
        });
        var command = new Command("run", "Run suites: call each case's model (or replay), compare with the verified snapshots through each case's equivalence ladder, report what changed and apply each suite's gate.")
        {
            paths, suites, snapshots, mode, suite, caseOption, tag, concurrency, model, results, repeat, cache, reports, shard,
        };
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(context, new RunArguments(
            CommonOptions.SuitePaths(parseResult, paths, suites),
            parseResult.GetValue(snapshots)!,
            parseResult.GetValue(mode),
            CommonOptions.Selection(parseResult, suite, caseOption, tag),
            parseResult.GetValue(concurrency),
            parseResult.GetValue(model),
            parseResult.GetValue(results),
            parseResult.GetValue(repeat),
            parseResult.GetValue(cache),
            CommonOptions.Reports(parseResult, reports),
            parseResult.GetValue(shard) is { } part && RunShards.TryParse(part, out var parsed, out _) ? parsed : null), cancellationToken));
        return command;
    }

    private static Task<int> ExecuteAsync(CliContext context, RunArguments arguments, CancellationToken cancellationToken)
    {
        var options = new RunOptions
        {
            Mode = arguments.Mode is null ? null : ParseMode(arguments.Mode),
            Selection = arguments.Selection,
            Concurrency = arguments.Concurrency,
            ModelOverride = arguments.Model,
            ResultsPath = arguments.ResultsPath,
            Repeat = arguments.Repeat,
            CachePath = arguments.CachePath,
            Reports = arguments.Reports,
            Shard = arguments.Shard,
        };
        return RunExecution.ExecuteAsync(context, arguments.SuitePaths, arguments.SnapshotsPath, options, cancellationToken);
    }

    private static RunMode ParseMode(string text) =>
        RunModes.TryParse(text, out var mode) ? mode : throw new ArgumentException($"Unknown mode '{text}'.");

    private sealed record RunArguments(IReadOnlyList<string> SuitePaths, string SnapshotsPath, string? Mode, CaseSelection Selection, int Concurrency, string? Model, string? ResultsPath, int? Repeat, string? CachePath, IReadOnlyList<ReportRequest> Reports, RunShard? Shard);
}
