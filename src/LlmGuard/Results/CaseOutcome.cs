namespace LlmGuard.Results;

/// <summary>The class of a case's result. Different classes are never merged into one "failed".</summary>
public enum CaseOutcome
{
    /// <summary>The output is identical to the verified snapshot.</summary>
    Unchanged,

    /// <summary>The output differs only in what the suite says to ignore (whitespace, scrubbed values, JSON key order).</summary>
    Equivalent,

    /// <summary>The output differs from the verified snapshot.</summary>
    Changed,

    /// <summary>The case has no verified snapshot yet.</summary>
    New,

    /// <summary>An assertion in <c>expect</c> failed.</summary>
    AssertionFailed,

    /// <summary>The provider could not produce an output (error status, timeout, malformed response).</summary>
    ProviderError,

    /// <summary>The request (prompt, parameters, target) differs from the one the snapshot was recorded with.</summary>
    RequestChanged,

    /// <summary>
    /// The output differs from the baseline in substance (wording, length, order), and a meaning-carrying step of the
    /// equivalence ladder (extracted answer, assertions, lexical similarity, embeddings or a judge) found it equivalent;
    /// <see cref="CaseResult.DecidingStep"/> names the step and its score.
    /// </summary>
    JudgedEquivalent,

    /// <summary>The output changed, and the case is meant to change (<c>expect_change</c> or a gate's <c>intended_tags</c>); not gated.</summary>
    IntendedChange,

    /// <summary>The output moved within the variants accepted for the case (by calibration, or among the baseline's own repeats), or its repeats disagree while most agree with the baseline.</summary>
    Unstable,
}
