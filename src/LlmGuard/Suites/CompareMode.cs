namespace LlmGuard.Suites;

/// <summary>How a new output is compared with its verified snapshot.</summary>
public enum CompareMode
{
    /// <summary>Byte-for-byte after line endings are normalized to LF (and after scrubbers).</summary>
    Exact,

    /// <summary>Ignores differences in whitespace, line endings and Unicode normalization form; optionally case.</summary>
    Normalized,

    /// <summary>Both outputs parse as JSON and denote the same value; object key order is ignored.</summary>
    Json,
}
