namespace LlmGuard.NUnit;

/// <summary>What a test built from a suite set checks.</summary>
internal enum CatalogEntryKind
{
    /// <summary>One case, named <c>suite/case</c>.</summary>
    Case,

    /// <summary>A suite's gate over the cases that ran, named <c>suite/(gate)</c>; only for suites that allow a share of changed cases.</summary>
    Gate,

    /// <summary>The suites do not validate, named <c>folder/(invalid)</c>: the test fails with every diagnostic.</summary>
    Invalid,
}
