namespace LlmGuard.Suites;

/// <summary>The suites of a folder (or single files) loaded together, with every finding about them.</summary>
/// <param name="Suites">The suites that loaded without errors, ordered by id.</param>
/// <param name="Diagnostics">Errors and warnings, ordered by file, line and column.</param>
public sealed record SuiteSet(IReadOnlyList<Suite> Suites, IReadOnlyList<SuiteDiagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error: then nothing may run.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
