using System.CommandLine;
using System.Runtime.InteropServices;
using LlmGuard.Gating;

namespace LlmGuard.Cli;

/// <summary>The <c>llmguard</c> command line: init, validate, run, accept, prune.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var root = new RootCommand("LlmGuard: regression tests for LLM behaviour. Suites in YAML, snapshots per case, a gate for CI.")
        {
            InitCommand.Create(context),
            ValidateCommand.Create(context),
            RunCommand.Create(context),
            AcceptCommand.Create(context),
            PruneCommand.Create(context),
            PinCommand.Create(context),
            DemoModelsCommand.Create(context),
        };

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
            var configuration = new InvocationConfiguration { Output = context.Out, Error = context.Error, ProcessTerminationTimeout = null };
            var exitCode = await parseResult.InvokeAsync(configuration, cancellation.Token).ConfigureAwait(false);

            // System.CommandLine reports parse errors with exit code 1, which here means "a gate failed".
            return parseResult.Errors.Count > 0 ? ExitCodes.InvalidInput : exitCode;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
