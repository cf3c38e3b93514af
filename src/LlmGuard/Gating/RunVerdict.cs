namespace LlmGuard.Gating;

/// <summary>The gate's decision for a whole run.</summary>
/// <param name="Suites">Each suite's verdict, ordered by id.</param>
/// <param name="Interrupted">True when the run was cancelled before every case ran.</param>
/// <param name="Orphans">Snapshot files that belong to no case (reported only when every case was selected).</param>
public sealed record RunVerdict(IReadOnlyList<SuiteVerdict> Suites, bool Interrupted, IReadOnlyList<string> Orphans)
{
    /// <summary>True when every suite passed and the run was complete.</summary>
    public bool Passed => !Interrupted && Suites.All(suite => suite.Passed);

    /// <summary>The process exit code for this verdict.</summary>
    public int ExitCode =>
        Interrupted ? ExitCodes.Interrupted
        : Passed ? ExitCodes.Passed
        : Suites.Where(suite => !suite.Passed).All(suite => suite.ProviderErrorsOnly) ? ExitCodes.ProviderErrorsOnly
        : ExitCodes.GateFailed;
}
