namespace LlmGuard.Suites;

/// <summary>A position in a suite file, 1-based, as editors and compilers print it.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
