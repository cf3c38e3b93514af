using LlmGuard.Suites;

namespace LlmGuard.Planning;

/// <summary>A case ready to execute: the exact messages sent and the fingerprint of the request.</summary>
/// <param name="Suite">The suite the case belongs to.</param>
/// <param name="Case">The case.</param>
/// <param name="Messages">The messages sent, the target's system prompt first when it has one.</param>
/// <param name="Fingerprint">The request fingerprint.</param>
public sealed record CasePlan(Suite Suite, SuiteCase Case, IReadOnlyList<ChatMessageDefinition> Messages, string Fingerprint)
{
    /// <summary>The display name <c>suite/case</c>, also the NUnit test name.</summary>
    public string Name => $"{Suite.Id}/{Case.Id}";

    /// <summary>Builds the plan of one case.</summary>
    public static CasePlan Create(Suite suite, SuiteCase suiteCase)
    {
        IReadOnlyList<ChatMessageDefinition> messages = suite.Target.SystemPrompt is { } system
            ? [new ChatMessageDefinition("system", system), .. suiteCase.Messages]
            : suiteCase.Messages;
        return new CasePlan(suite, suiteCase, messages, RequestFingerprint.Compute(suite.Target, messages, CaseRequestSettings.For(suite, suiteCase)));
    }
}
