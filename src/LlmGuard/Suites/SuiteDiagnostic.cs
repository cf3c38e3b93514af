using LlmGuard.Text;

namespace LlmGuard.Suites;

/// <summary>A finding about a suite file, with the exact place it refers to.</summary>
/// <param name="Severity">Whether it stops the run.</param>
/// <param name="Code">A stable code such as <c>LG1001</c>, documented in docs/suite-format.md.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
/// <param name="Location">File, line and column.</param>
public sealed record SuiteDiagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation Location)
{
    /// <summary>
    /// What is wrong and, where possible, how to fix it: one line, whatever suite text it quotes (control characters and
    /// line breaks are shown as <c>\u000A</c>-style escapes), so a suite can never print a forged diagnostic or drive a terminal.
    /// </summary>
    public string Message { get; init; } = OutsideText.Escape(Message);

    /// <summary>Formats as <c>file:line:column: error LG1001: message</c>, the shape editors and CI annotators parse.</summary>
    public override string ToString() =>
        $"{Location}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")} {Code}: {Message}";
}
