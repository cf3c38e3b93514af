namespace LlmGuard.Suites;

/// <summary>What the statistical gate rule does when too few cases differ to reach the chosen significance.</summary>
public enum UnderpoweredPolicy
{
    /// <summary>Say so in the verdict; the other rules decide (the default).</summary>
    Warn,

    /// <summary>Fail the run: a decision needs more cases or repeats.</summary>
    Fail,
}
