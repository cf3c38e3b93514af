using System.CommandLine;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Security;
using LlmGuard.Snapshots;
using Spectre.Console;

namespace LlmGuard.Cli;

/// <summary><c>llmguard run</c>: run suites against their models, compare with snapshots, apply the gate.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var snapshots = CommonOptions.Snapshots();
        var mode = new Option<string?>("--mode")
        {
            Description = $"verify (call the model, compare), update (call the model, write verified snapshots; refused on CI) or replay (call no model, use recorded outputs). Default: ${RunModes.EnvironmentVariable} or verify.",
        };
        mode.AcceptOnlyFromAmong("verify", "update", "replay", "record");
        var suite = CommonOptions.Suite();
        var caseOption = CommonOptions.Case();
        var tag = new Option<string[]>("--tag") { Description = "Only cases with this tag (repeatable)." };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "How many cases call models at once.",
            DefaultValueFactory = _ => RunOptions.DefaultConcurrency,
        };
        concurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1024)
            {
                result.AddError("--concurrency must be between 1 and 1024.");
            }
        });
        var model = new Option<string?>("--model")
        {
            Description = "Run every selected suite against this model instead of the suite's own (a candidate or fine-tuned model) and report the drift against the recorded snapshots.",
        };
        var results = new Option<string?>("--results") { Description = "Also write every result as JSON Lines to this file (streamed as cases finish)." };
        var command = new Command("run", "Run suites: call each case's model (or replay), compare with the verified snapshots, report what changed and apply each suite's gate.")
        {
            suites, snapshots, mode, suite, caseOption, tag, concurrency, model, results,
        };
        command.SetAction((parseResult, cancellationToken) => ExecuteAsync(context, parseResult, new RunArguments(
            parseResult.GetValue(suites)!,
            parseResult.GetValue(snapshots)!,
            parseResult.GetValue(mode),
            new CaseSelection
            {
                Suites = parseResult.GetValue(suite) ?? [],
                Cases = parseResult.GetValue(caseOption) ?? [],
                Tags = parseResult.GetValue(tag) ?? [],
            },
            parseResult.GetValue(concurrency),
            parseResult.GetValue(model),
            parseResult.GetValue(results)), cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, ParseResult parseResult, RunArguments arguments, CancellationToken cancellationToken)
    {
        RunMode runMode;
        try
        {
            runMode = arguments.Mode is null ? RunModes.FromEnvironment(context.GetEnvironmentVariable) : ParseMode(arguments.Mode);
            RunModes.EnsureAllowed(runMode, CiEnvironment.Detect(context.GetEnvironmentVariable));
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            context.Error.WriteLine(exception.Message);
            return ExitCodes.InvalidInput;
        }

        if (SuiteSetLoader.Load(context, arguments.SuitesPath, context.Error) is not { } set)
        {
            context.Error.WriteLine("Nothing was run: fix the errors above (llmguard validate shows them too).");
            return ExitCodes.InvalidInput;
        }

        var planned = arguments.Selection.Count(set.Suites);
        if (planned == 0)
        {
            context.Error.WriteLine("No case matches the given --suite, --case and --tag filters.");
            return ExitCodes.InvalidInput;
        }

        var options = new RunOptions { Mode = runMode, Selection = arguments.Selection, Concurrency = arguments.Concurrency, ModelOverride = arguments.Model };
        var store = new SnapshotStore(arguments.SnapshotsPath);
        JsonLinesResultWriter? resultsWriter;
        try
        {
            resultsWriter = arguments.ResultsPath is null ? null : OpenResults(arguments.ResultsPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"Cannot write the results file '{arguments.ResultsPath}': {exception.Message}");
            return ExitCodes.InvalidInput;
        }

        using var resultsFile = resultsWriter;
        using var display = RunDisplay.Create(context, planned, runMode);
        try
        {
            var verdict = await RunOrchestrator.RunAsync(
                set.Suites,
                options,
                context.CreateRegistry(),
                store,
                result =>
                {
                    resultsWriter?.Write(result);
                    display.Report(result);
                },
                cancellationToken,
                context.GetEnvironmentVariable).ConfigureAwait(false);
            resultsWriter?.Write(verdict);
            display.Complete(verdict);
            return verdict.ExitCode;
        }
        catch (Exception exception) when (exception is ProviderConfigurationException or RunInputException)
        {
            display.Abort();
            context.Error.WriteLine(SecretRedactor.Redact(exception.Message));
            return ExitCodes.InvalidInput;
        }
    }

    private static JsonLinesResultWriter OpenResults(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new JsonLinesResultWriter(new StreamWriter(path, append: false));
    }

    private static RunMode ParseMode(string text) =>
        RunModes.TryParse(text, out var mode) ? mode : throw new ArgumentException($"Unknown mode '{text}'.");

    private sealed record RunArguments(string SuitesPath, string SnapshotsPath, string? Mode, CaseSelection Selection, int Concurrency, string? Model, string? ResultsPath);
}
