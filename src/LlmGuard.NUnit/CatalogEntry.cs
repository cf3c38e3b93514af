using LlmGuard.Planning;
using LlmGuard.Suites;

namespace LlmGuard.NUnit;

/// <summary>One test of a test class: a case, a suite's gate, or the report of invalid suites.</summary>
/// <param name="Name">The test name.</param>
/// <param name="Kind">What the test checks.</param>
/// <param name="Suite">The suite of a case or gate test.</param>
/// <param name="Plan">The plan of a case test.</param>
internal sealed record CatalogEntry(string Name, CatalogEntryKind Kind, Suite? Suite = null, CasePlan? Plan = null)
{
    /// <summary>The name of a suite's gate test.</summary>
    public static string GateName(string suiteId) => $"{suiteId}/(gate)";

    /// <summary>The name of the test reporting invalid suites.</summary>
    public static string InvalidName(string folderName) => $"{folderName}/(invalid)";
}
