namespace LlmGuard.Suites;

/// <summary>The <c>tool_choice</c> of a target or case.</summary>
/// <param name="Mode">Auto, none, required, or one named function.</param>
/// <param name="Function">The tool the model must call, for <see cref="ToolChoiceMode.Function"/>.</param>
public sealed record ToolChoice(ToolChoiceMode Mode, string? Function = null)
{
    /// <summary>The spelling in a suite: <c>auto</c>, <c>none</c>, <c>required</c> or the tool's name.</summary>
    public override string ToString() => Mode switch
    {
        ToolChoiceMode.Auto => "auto",
        ToolChoiceMode.None => "none",
        ToolChoiceMode.Required => "required",
        _ => Function ?? "",
    };
}
