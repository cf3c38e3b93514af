using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Security;

namespace LlmGuard.Cli;

/// <summary>What <c>run</c>, <c>compare</c> and <c>calibrate</c> share: load the suites, start the engine's run, show each result and the verdict.</summary>
internal static class RunExecution
{
    public static async Task<int> ExecuteAsync(CliContext context, IReadOnlyList<string> suitePaths, string snapshotsPath, RunOptions options, CancellationToken cancellationToken)
    {
        if (SuiteSetLoader.Load(context, suitePaths, context.Error, cancellationToken) is not { } set)
        {
            context.Error.WriteLine("Nothing was run: fix the errors above (llmguard validate shows them too).");
            return ExitCodes.InvalidInput;
        }

        RunSession session;
        try
        {
            session = RunSession.Start(set.Suites, options, context.CreateRegistry(), snapshotsPath, context.GetEnvironmentVariable);
        }
        catch (RunInputException exception)
        {
            context.Error.WriteLine(SecretRedactor.Redact(exception.Message));
            return ExitCodes.InvalidInput;
        }

        await using (session.ConfigureAwait(false))
        {
            using var display = RunDisplay.Create(context, session.Plans.Count, session.Mode);
            try
            {
                await foreach (var result in session.RunAsync(cancellationToken).ConfigureAwait(false))
                {
                    display.Report(result);
                }

                var verdict = session.Finish();
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
    }

    /// <summary>How many runs per case, from <c>--repeat</c> (1 to 1000).</summary>
    public static System.CommandLine.Option<int?> RepeatOption(string description)
    {
        var repeat = new System.CommandLine.Option<int?>("--repeat") { Description = description };
        repeat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1000)
            {
                result.AddError("--repeat must be between 1 and 1000.");
            }
        });
        return repeat;
    }

    /// <summary>Where judge answers and embedding vectors are cached.</summary>
    public static System.CommandLine.Option<string?> CacheOption() => new("--cache")
    {
        Description = $"Where judge answers and embedding vectors are cached between runs. Default: ${RunEnvironmentVariables.Cache}, else .llmguard-cache beside the snapshot folder.",
    };
}
