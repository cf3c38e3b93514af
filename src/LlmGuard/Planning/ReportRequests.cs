namespace LlmGuard.Planning;

/// <summary>The spelling of reports on command lines (<c>html=out/report.html</c>) and in the environment (<c>LLMGUARD_REPORT_HTML</c>).</summary>
internal static class ReportRequests
{
    /// <summary>The name of a format as written on a command line: <c>json</c>, <c>markdown</c>, <c>junit</c>, <c>html</c>.</summary>
    public static string NameOf(ReportFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The names of every format, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<ReportFormat>().Select(NameOf)];

    /// <summary>The environment variable naming the file of a format's report, e.g. <c>LLMGUARD_REPORT_HTML</c>.</summary>
    public static string VariableOf(ReportFormat format) => RunEnvironmentVariables.ReportPrefix + format.ToString().ToUpperInvariant();

    /// <summary>Parses <c>format=path</c>; on failure <paramref name="error"/> says what is wrong and what is accepted.</summary>
    public static bool TryParse(string text, out ReportRequest? request, out string? error)
    {
        request = null;
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == text.Length - 1)
        {
            error = $"--report '{text}' is not format=path: write e.g. html=llmguard-report.html (formats: {string.Join(", ", Names)}).";
            return false;
        }

        var name = text[..separator].Trim();
        var path = text[(separator + 1)..].Trim();
        if (!TryParseFormat(name, out var format))
        {
            error = $"--report '{text}': unknown format '{name}' (formats: {string.Join(", ", Names)}).";
            return false;
        }

        if (path.Length == 0)
        {
            error = $"--report '{text}' names no file.";
            return false;
        }

        request = new ReportRequest(format, path);
        error = null;
        return true;
    }

    /// <summary>Parses a format name (case-insensitive); <c>md</c> is accepted for markdown.</summary>
    public static bool TryParseFormat(string name, out ReportFormat format)
    {
        foreach (var candidate in Enum.GetValues<ReportFormat>())
        {
            if (string.Equals(NameOf(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = ReportFormat.Markdown;
        return string.Equals(name, "md", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The reports the environment asks for (one variable per format), each once.</summary>
    public static IReadOnlyList<ReportRequest> FromEnvironment(Func<string, string?> getEnvironmentVariable) =>
        [.. Enum.GetValues<ReportFormat>()
            .Select(format => (Format: format, Path: getEnvironmentVariable(VariableOf(format))))
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Path))
            .Select(pair => new ReportRequest(pair.Format, pair.Path!.Trim()))];
}
