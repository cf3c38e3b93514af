using LlmGuard.Suites;

namespace LlmGuard.Planning;

/// <summary>
/// What a case sends besides its messages and the target's parameters: the suite's tools and the effective
/// <c>tool_choice</c> and <c>response_format</c> (the case's, else the target's).
/// </summary>
internal sealed record CaseRequestSettings(IReadOnlyList<ToolDefinition> Tools, ToolChoice? ToolChoice, ResponseFormatDefinition? ResponseFormat)
{
    /// <summary>Nothing besides the messages and parameters.</summary>
    public static CaseRequestSettings None { get; } = new([], null, null);

    /// <summary>The settings of one case of a suite.</summary>
    public static CaseRequestSettings For(Suite suite, SuiteCase suiteCase) =>
        new(suite.Tools, suiteCase.ToolChoice ?? suite.Target.ToolChoice, suiteCase.ResponseFormat ?? suite.Target.ResponseFormat);

    /// <summary>True when nothing is added to the request.</summary>
    public bool IsEmpty => Tools.Count == 0 && ToolChoice is null && ResponseFormat is null;
}
