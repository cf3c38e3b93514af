using System.CommandLine;
using LlmGuard.Gating;
using LlmGuard.Suites;

namespace LlmGuard.Cli;

/// <summary><c>llmguard validate</c>: load and check suites, write nothing.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var suites = CommonOptions.Suites();
        var paths = CommonOptions.SuitePaths();
        var command = new Command("validate", "Check suite files and report every problem with file, line and column. Writes nothing. Exit code 2 when a suite is invalid.")
        {
            paths, suites,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var set = SuiteSetLoader.Load(context, CommonOptions.SuitePaths(parseResult, paths, suites), context.Out, cancellationToken);
            if (set is null)
            {
                context.Out.WriteLine("Validation failed.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var warnings = set.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            context.Out.WriteLine($"{set.Suites.Count} suite(s), {set.Suites.Sum(s => s.Cases.Count)} case(s) valid" + (warnings > 0 ? $", {warnings} warning(s)." : "."));
            return Task.FromResult(ExitCodes.Passed);
        });
        return command;
    }
}
