using LlmGuard.Text;

namespace LlmGuard.Suites;

/// <summary>A position in a suite file, 1-based, as editors and compilers print it.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>Formats as <c>file:line:column</c>; control characters in the file name are shown as escapes.</summary>
    public override string ToString() => $"{OutsideText.Escape(File)}:{Line}:{Column}";
}
