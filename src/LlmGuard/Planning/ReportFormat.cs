namespace LlmGuard.Planning;

/// <summary>A report a run can write when it finishes, in addition to the live JSON Lines results.</summary>
public enum ReportFormat
{
    /// <summary>The whole result as one JSON document (<c>docs/results.schema.json</c>): the input of <c>llmguard report</c>.</summary>
    Json,

    /// <summary>Markdown for a pull-request comment or <c>$GITHUB_STEP_SUMMARY</c>: the verdict first, tables, the top changed cases' diffs.</summary>
    Markdown,

    /// <summary>JUnit XML, one test case per case, for the test tabs of CI systems.</summary>
    Junit,

    /// <summary>One self-contained HTML page (no network needed to open it): filters, search, side-by-side diffs.</summary>
    Html,
}
