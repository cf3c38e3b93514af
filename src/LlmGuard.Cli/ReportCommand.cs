using System.CommandLine;
using LlmGuard.Text;
using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;

namespace LlmGuard.Cli;

/// <summary><c>llmguard report</c>: render saved results in any format, merging the JSON reports of a run's shards.</summary>
internal static class ReportCommand
{
    /// <summary>The largest results file read (a run of 100,000 cases with long outputs stays well below).</summary>
    private const long MaxFileBytes = 1L << 30;

    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("results")
        {
            Description = "JSON reports written with --report json=<file>; several are merged (the shards of one run).",
            Arity = ArgumentArity.OneOrMore,
        };
        var reports = CommonOptions.Report();
        var command = new Command("report", "Render saved results as json, markdown, junit or html, merging the JSON reports of a sharded run into the verdict of the whole run. Prints the summary; the exit code is the verdict's, as for run.")
        {
            files, reports,
        };
        command.SetAction(parseResult => Execute(context, parseResult.GetValue(files) ?? [], CommonOptions.Reports(parseResult, reports)));
        return command;
    }

    private static int Execute(CliContext context, IReadOnlyList<string> files, IReadOnlyList<ReportRequest> requests)
    {
        var loaded = new List<(string Source, RunReport Report)>();
        try
        {
            foreach (var file in files)
            {
                loaded.Add((file, Read(file)));
            }

            var report = RunReportMerger.Merge(loaded);
            var verdict = ReportVerdicts.ToRunVerdict(report);
            ReportWriters.Prepare(requests);
            foreach (var request in requests)
            {
                ReportWriters.Write(request, report);
            }

            context.Out.Write(RunSummaryReport.Format(verdict));
            foreach (var request in requests)
            {
                context.Out.WriteLine($"Wrote the {ReportRequests.NameOf(request.Format)} report: {OutsideText.Escape(request.Path)}");
            }

            return verdict.ExitCode;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // The engine's messages escape the outside pieces they quote and may have several lines: keep the lines.
            foreach (var line in exception.Message.Split('\n'))
            {
                context.Error.WriteLine(OutsideText.Escape(line));
            }

            return ExitCodes.InvalidInput;
        }
    }

    private static RunReport Read(string file)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            throw new IOException($"{OutsideText.Escape(file)}: no such file.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{OutsideText.Escape(file)}: larger than {MaxFileBytes >> 20} MiB, more than a results file holds.");
        }

        return RunReportJson.Read(File.ReadAllText(file), file);
    }
}
