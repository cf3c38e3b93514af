namespace LlmGuard.Gating;

/// <summary>The exit codes of <c>llmguard</c>, documented in README.md.</summary>
public static class ExitCodes
{
    /// <summary>Every gate passed.</summary>
    public const int Passed = 0;

    /// <summary>A gate failed: changed, new, request-changed or assertion-failed cases, or a gating identity change.</summary>
    public const int GateFailed = 1;

    /// <summary>Invalid input: a suite does not validate, a bad option, a provider that cannot be configured, a pin mismatch.</summary>
    public const int InvalidInput = 2;

    /// <summary>The only reason the run failed is provider errors (the model could not be reached or answered with an error).</summary>
    public const int ProviderErrorsOnly = 3;

    /// <summary>The run was interrupted (Ctrl+C); the results of finished cases were reported and written.</summary>
    public const int Interrupted = 130;
}
