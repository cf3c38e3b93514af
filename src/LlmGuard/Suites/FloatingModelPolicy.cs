namespace LlmGuard.Suites;

/// <summary>What to do when a suite's model name floats (an alias that the provider may re-point).</summary>
public enum FloatingModelPolicy
{
    /// <summary>Report a warning (the default).</summary>
    Warn,

    /// <summary>Refuse to run the suite.</summary>
    Error,

    /// <summary>Say nothing.</summary>
    Ignore,
}
