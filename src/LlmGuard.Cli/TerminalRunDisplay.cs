using LlmGuard.Gating;
using LlmGuard.Planning;
using LlmGuard.Reporting;
using LlmGuard.Results;
using LlmGuard.Text;
using Spectre.Console;

namespace LlmGuard.Cli;

/// <summary>A terminal display: a live progress bar, coloured lines for cases that need attention, a summary table.</summary>
internal sealed class TerminalRunDisplay : RunDisplay
{
    private readonly IAnsiConsole console;
    private readonly int caseCount;
    private int done;

    public TerminalRunDisplay(CliContext context, int caseCount, RunMode mode)
    {
        console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Out) });
        this.caseCount = caseCount;
        console.MarkupLine($"[bold]llmguard run[/]: {caseCount} case(s), mode [blue]{ModeName(mode)}[/]");
    }

    public override void Report(CaseResult result)
    {
        done++;
        var colour = result.Outcome switch
        {
            CaseOutcome.Unchanged or CaseOutcome.Equivalent or CaseOutcome.JudgedEquivalent => "green",
            CaseOutcome.New or CaseOutcome.IntendedChange => "blue",
            CaseOutcome.Changed or CaseOutcome.RequestChanged or CaseOutcome.Unstable => "yellow",
            _ => "red",
        };
        console.MarkupLine($"[grey]{done,5}/{caseCount}[/] [{colour}]{Markup.Escape(result.Outcome.ToName()),-17}[/] {Markup.Escape(result.Name)}  [grey]{Markup.Escape(OutsideText.Escape(result.Summary))}[/]");
        foreach (var line in CaseReport.ProgressDetails(result, lineShowsLikelihood: false))
        {
            var style = line.StartsWith('+') && !line.StartsWith("+++", StringComparison.Ordinal) ? "green"
                : line.StartsWith('-') && !line.StartsWith("---", StringComparison.Ordinal) ? "red"
                : "grey";
            console.MarkupLine($"      [{style}]{Markup.Escape(OutsideText.Escape(line))}[/]");
        }
    }

    public override void Complete(RunVerdict verdict)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Suite").AddColumn("Verdict");
        foreach (var outcome in Enum.GetValues<CaseOutcome>())
        {
            table.AddColumn(new TableColumn(outcome.ToName()).RightAligned());
        }

        foreach (var suite in verdict.Suites)
        {
            var cells = new List<string> { Markup.Escape(suite.Suite), suite.Passed ? "[green]pass[/]" : "[red]fail[/]" };
            cells.AddRange(Enum.GetValues<CaseOutcome>().Select(outcome => suite.Counts.GetValueOrDefault(outcome).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            table.AddRow(cells.ToArray());
        }

        console.WriteLine();
        console.Write(table);
        foreach (var line in RunSummaryReport.Format(verdict).TrimEnd('\n').Split('\n'))
        {
            var style = line.StartsWith("FAIL ", StringComparison.Ordinal) || line.StartsWith("Gate failed", StringComparison.Ordinal) ? "red"
                : line.StartsWith("PASS ", StringComparison.Ordinal) || line.StartsWith("Gate passed", StringComparison.Ordinal) ? "green"
                : "default";
            console.MarkupLine($"[{style}]{Markup.Escape(line)}[/]");
        }
    }
}
