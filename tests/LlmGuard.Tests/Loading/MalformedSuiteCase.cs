namespace LlmGuard.Tests.Loading;

/// <summary>One entry of the malformed-suite corpus and the diagnostic loading it must produce.</summary>
/// <param name="Name">The file or folder name, used as the test name.</param>
/// <param name="SuitePath">The full path to load: a suite file, or a folder for problems that span files.</param>
/// <param name="DiagnosticFile">The full path of the file the diagnostic points into.</param>
/// <param name="Code">The expected diagnostic code, e.g. <c>LG1001</c>.</param>
/// <param name="Line">The expected 1-based line.</param>
/// <param name="Column">The expected 1-based column.</param>
/// <param name="MessageContains">A substring the diagnostic's message must contain.</param>
public sealed record MalformedSuiteCase(string Name, string SuitePath, string DiagnosticFile, string Code, int Line, int Column, string MessageContains)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
