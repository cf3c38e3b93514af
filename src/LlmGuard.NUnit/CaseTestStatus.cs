namespace LlmGuard.NUnit;

/// <summary>How a test presents its result in NUnit.</summary>
internal enum CaseTestStatus
{
    /// <summary>The test passes.</summary>
    Passed,

    /// <summary>The test ends with a warning (<c>Assert.Warn</c>): a change the suite's gate may allow.</summary>
    Warning,

    /// <summary>The test fails.</summary>
    Failed,

    /// <summary>The test is ignored: there was nothing to check.</summary>
    Ignored,
}
