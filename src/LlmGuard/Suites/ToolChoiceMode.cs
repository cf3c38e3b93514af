namespace LlmGuard.Suites;

/// <summary>Whether and which tool the model must call.</summary>
public enum ToolChoiceMode
{
    /// <summary><c>auto</c>: the model decides (the providers' default when tools are sent).</summary>
    Auto,

    /// <summary><c>none</c>: the model must not call a tool.</summary>
    None,

    /// <summary><c>required</c>: the model must call at least one tool.</summary>
    Required,

    /// <summary>A tool's name: the model must call that tool.</summary>
    Function,
}
