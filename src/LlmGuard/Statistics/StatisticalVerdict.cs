namespace LlmGuard.Statistics;

/// <summary>What the paired test of baseline against candidate concludes.</summary>
public enum StatisticalVerdict
{
    /// <summary>No case passes on one side and fails on the other (and there are enough cases that one could have).</summary>
    NoChange,

    /// <summary>Some cases moved, in numbers the test cannot tell from chance at the chosen level.</summary>
    NotSignificant,

    /// <summary>Significantly more cases went from pass to fail than from fail to pass.</summary>
    SignificantRegression,

    /// <summary>Significantly more cases went from fail to pass than from pass to fail.</summary>
    SignificantImprovement,

    /// <summary>Too few cases (or too few that moved) to reach the chosen level whatever their direction: more cases or repeats are needed to decide.</summary>
    Underpowered,
}
