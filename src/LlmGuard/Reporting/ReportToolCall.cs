namespace LlmGuard.Reporting;

/// <summary>One tool call of the received answer.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments in canonical form (sorted, compact JSON), or the raw text when they are not a JSON object.</param>
/// <param name="ArgumentsValid">False when the arguments are not a JSON object.</param>
internal sealed record ReportToolCall(string Name, string Arguments, bool ArgumentsValid = true)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}({Arguments})" + (ArgumentsValid ? "" : " (arguments are not a JSON object)");
}
