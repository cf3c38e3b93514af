namespace LlmGuard.Results;

/// <summary>What one step of the equivalence ladder concluded.</summary>
public enum LadderVerdict
{
    /// <summary>The outputs are equivalent: the step decides.</summary>
    Equivalent,

    /// <summary>The outputs differ in what the step measures: the step decides.</summary>
    Different,

    /// <summary>The step cannot tell (e.g. a score below its threshold, or no answer to extract from the baseline): the next step decides.</summary>
    Undecided,
}
