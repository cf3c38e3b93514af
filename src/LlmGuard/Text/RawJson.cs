namespace LlmGuard.Text;

/// <summary>A value that is already JSON text (e.g. a canonical schema), written as is by <see cref="PlainValueJson"/>.</summary>
/// <param name="Json">Valid JSON.</param>
internal sealed record RawJson(string Json);
