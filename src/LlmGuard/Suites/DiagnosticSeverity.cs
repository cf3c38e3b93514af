namespace LlmGuard.Suites;

/// <summary>How serious a finding about a suite is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Reported; does not stop a run unless the suite turns it into an error.</summary>
    Warning,

    /// <summary>The suite cannot be run.</summary>
    Error,
}
