namespace LlmGuard.Suites;

/// <summary>How an answer's tool calls are matched with the recorded ones.</summary>
public enum ToolCallMatch
{
    /// <summary><c>strict</c> (default): the same calls in the same order.</summary>
    Strict,

    /// <summary><c>unordered</c>: the same calls, in any order.</summary>
    Unordered,

    /// <summary><c>subset</c>: every call of the new answer is one of the recorded calls (it may make fewer).</summary>
    Subset,

    /// <summary><c>superset</c>: the new answer makes every recorded call (it may make more).</summary>
    Superset,
}
