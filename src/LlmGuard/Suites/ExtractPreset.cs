namespace LlmGuard.Suites;

/// <summary>The built-in answer extractors.</summary>
public enum ExtractPreset
{
    /// <summary><c>final-number</c>: the last number in the output (thousands separators and trailing zeros ignored).</summary>
    FinalNumber,

    /// <summary><c>numbers</c>: every number in the output, as a sorted set.</summary>
    Numbers,

    /// <summary><c>code-block</c>: the content of the first fenced code block, whitespace collapsed.</summary>
    CodeBlock,

    /// <summary><c>refusal</c>: whether the output declines the request (<c>refused</c>) or not (<c>answered</c>).</summary>
    Refusal,
}
