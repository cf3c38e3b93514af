using System.Text.RegularExpressions;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// What a malformed suite must be reported as, read from its first line (<c># expect: LG1001 12:5 message substring</c>) or,
/// for files whose bytes cannot carry a comment, from a sidecar <c>&lt;file&gt;.expect</c> holding the same text without the <c>#</c>.
/// </summary>
internal sealed partial record MalformedSuiteExpectation(string Code, int Line, int Column, string MessageSubstring)
{
    public const string SidecarExtension = ".expect";

    public static MalformedSuiteExpectation? Read(string suitePath)
    {
        var sidecar = suitePath + SidecarExtension;
        if (File.Exists(sidecar))
        {
            return Parse(File.ReadLines(sidecar).FirstOrDefault() ?? "");
        }

        using var reader = new StreamReader(suitePath);
        var firstLine = reader.ReadLine() ?? "";
        return firstLine.StartsWith('#') ? Parse(firstLine[1..]) : null;
    }

    private static MalformedSuiteExpectation? Parse(string text)
    {
        var match = ExpectationPattern().Match(text.Trim());
        return match.Success
            ? new MalformedSuiteExpectation(match.Groups["code"].Value, int.Parse(match.Groups["line"].Value), int.Parse(match.Groups["column"].Value), match.Groups["message"].Value.Trim())
            : null;
    }

    [GeneratedRegex(@"^(expect:\s*)?(?<code>LG\d{4})\s+(?<line>\d+):(?<column>\d+)\s+(?<message>.+)$")]
    private static partial Regex ExpectationPattern();
}
