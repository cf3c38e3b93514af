using System.CommandLine;
using LlmGuard.Planning;

namespace LlmGuard.Cli;

/// <summary>
/// <c>llmguard calibrate --repeat k</c>: run each case's own model k times and store the distinct outputs as the case's accepted
/// variants, with the agreement measured against its verified snapshot (<c>snapshots/&lt;suite&gt;/&lt;case&gt;.variants.txt</c>).
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var paths = CommonOptions.SuitePaths();
        var snapshots = CommonOptions.Snapshots();
        var suite = CommonOptions.Suite();
        var caseOption = CommonOptions.Case();
        var tag = CommonOptions.Tag();
        var concurrency = CommonOptions.Concurrency();
        var repeat = RunExecution.RepeatOption($"How many runs per case (at least 2). Default: ${RunEnvironmentVariables.Repeat}, else {RunOptions.DefaultCalibrationRepeat}.");
        var results = new Option<string?>("--results") { Description = "Also write every result as JSON Lines to this file." };
        var command = new Command("calibrate", "Measure each case's noise on its own model: run it k times, store the distinct outputs as accepted variants beside the snapshot (refused on CI).")
        {
            paths, suites, snapshots, suite, caseOption, tag, concurrency, repeat, results,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = new RunOptions
            {
                Mode = RunMode.Calibrate,
                Selection = CommonOptions.Selection(parseResult, suite, caseOption, tag),
                Concurrency = parseResult.GetValue(concurrency),
                Repeat = parseResult.GetValue(repeat),
                ResultsPath = parseResult.GetValue(results),
            };
            return RunExecution.ExecuteAsync(context, CommonOptions.SuitePaths(parseResult, paths, suites), parseResult.GetValue(snapshots)!, options, cancellationToken);
        });
        return command;
    }
}
