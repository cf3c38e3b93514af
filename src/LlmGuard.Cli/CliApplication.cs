using System.CommandLine;
using System.Runtime.InteropServices;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Text;

namespace LlmGuard.Cli;

/// <summary>The <c>llmguard</c> command line: init, validate, run, compare, calibrate, report, accept, prune, pin, demo-models.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = CreateRoot(context);
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            var parseResult = root.Parse(args);
            if (parseResult.Errors.Count > 0)
            {
                ReportParseErrors(parseResult, context.Error);
                return ExitCodes.InvalidInput;
            }

            var configuration = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
            };
            return await parseResult.InvokeAsync(configuration, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or RunInputException)
        {
            // A full disk, a read-only folder, a file in the way: a clean message and exit code 2, never a stack trace or
            // exit code 1 (which means "a gate failed").
            context.Error.WriteLine($"Cannot complete the command: {(exception is RunInputException ? exception.Message : OutsideText.Escape(exception.Message))}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception exception)
        {
            // Anything else is a fault of the tool, not a failed gate: exit code 2 (never 1) and one escaped line, no stack trace.
            context.Error.WriteLine($"llmguard: internal error ({exception.GetType().Name}): {OutsideText.Escape(exception.Message)}");
            return ExitCodes.InvalidInput;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The <c>llmguard</c> command and its subcommands.</summary>
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("LlmGuard: regression tests for LLM behaviour. Suites in YAML, snapshots per case, a gate for CI.")
        {
            InitCommand.Create(context),
            ValidateCommand.Create(context),
            RunCommand.Create(context),
            CompareCommand.Create(context),
            CalibrateCommand.Create(context),
            ReportCommand.Create(context),
            AcceptCommand.Create(context),
            PruneCommand.Create(context),
            PinCommand.Create(context),
            DemoModelsCommand.Create(context),
        };
        root.HelpName = "llmguard";
        return root;
    }

    /// <summary>
    /// Each parse error on a line of its own, an unknown option with the closest known one, then where to read more;
    /// never exit code 1, which means "a gate failed".
    /// </summary>
    private static void ReportParseErrors(ParseResult parseResult, TextWriter error)
    {
        var command = parseResult.CommandResult.Command;
        foreach (var message in parseResult.Errors.Select(parseError => parseError.Message).Distinct())
        {
            var token = parseResult.UnmatchedTokens.FirstOrDefault(unmatched => message.Contains($"'{unmatched}'", StringComparison.Ordinal));
            var explanation = token switch
            {
                null => message,
                _ when token.StartsWith('-') => CommonOptions.UnknownOption(token, command),
                _ when command.Subcommands.Count > 0 && Suggestions.Closest(token, [.. command.Subcommands.Select(sub => sub.Name)]) is { } closest =>
                    $"Unknown command '{token}'. Did you mean '{closest}'?",
                _ => message,
            };
            foreach (var line in explanation.Split('\n'))
            {
                error.WriteLine(OutsideText.Escape(line));
            }
        }

        var path = string.Join(' ', parseResult.CommandResult.Command.Parents.OfType<Command>().Reverse().Skip(1).Select(parent => parent.Name).Append(command is RootCommand ? "" : command.Name)).Trim();
        error.WriteLine($"See 'llmguard {path}{(path.Length > 0 ? " " : "")}--help'.");
    }
}
