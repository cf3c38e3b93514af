using System.Text.RegularExpressions;

namespace LlmGuard.Tests.Loading;

/// <summary>
/// The committed corpus of malformed suites under tests/LlmGuard.Tests/Loading/malformed, one problem per file
/// (or per folder, for problems that span files). Each entry states its expected diagnostic on a first line
/// <c># expect: CODE LINE:COLUMN message substring</c>, or in a sidecar <c>&lt;file&gt;.expect</c> file holding
/// <c>CODE LINE:COLUMN message substring</c> where a comment would disturb the problem (raw bytes, tabs, empty file).
/// Only depends on the base class library, so other test projects can link this file together with RepositoryRoot.cs.
/// </summary>
public static partial class MalformedCorpus
{
    /// <summary>The providers to register when loading the corpus (the unknown-provider entry expects 'ollama' to be suggested).</summary>
    public static IReadOnlyList<string> KnownProviders { get; } = ["openai", "azure-openai", "ollama", "openai-compatible", "local", "scripted"];

    /// <summary>The corpus folder.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Loading", "malformed");

    /// <summary>Every corpus entry, ordered by name.</summary>
    public static IReadOnlyList<MalformedSuiteCase> Cases()
    {
        var cases = new List<MalformedSuiteCase>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml"))
        {
            cases.Add(Parse(Path.GetFileName(file), file, file, ExpectationOf(file)
                ?? throw new InvalidDataException($"'{file}' states no expectation.")));
        }

        foreach (var folder in Directory.EnumerateDirectories(Folder))
        {
            var expectations = Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
                .Select(file => (File: file, Expectation: ExpectationOf(file)))
                .Where(pair => pair.Expectation is not null)
                .ToList();
            if (expectations.Count != 1)
            {
                throw new InvalidDataException($"'{folder}' must hold exactly one file stating an expectation.");
            }

            cases.Add(Parse(Path.GetFileName(folder), folder, expectations[0].File, expectations[0].Expectation!));
        }

        return [.. cases.OrderBy(entry => entry.Name, StringComparer.Ordinal)];
    }

    private static string? ExpectationOf(string file)
    {
        var sidecar = file + ".expect";
        if (File.Exists(sidecar))
        {
            return File.ReadAllText(sidecar).Trim();
        }

        using var reader = new StreamReader(file);
        var firstLine = reader.ReadLine();
        const string Prefix = "# expect: ";
        return firstLine is not null && firstLine.StartsWith(Prefix, StringComparison.Ordinal) ? firstLine[Prefix.Length..].Trim() : null;
    }

    private static MalformedSuiteCase Parse(string name, string suitePath, string diagnosticFile, string expectation)
    {
        var match = ExpectationPattern().Match(expectation);
        if (!match.Success)
        {
            throw new InvalidDataException($"The expectation of '{name}' is not 'CODE LINE:COLUMN message': {expectation}");
        }

        return new MalformedSuiteCase(name, suitePath, diagnosticFile, match.Groups["code"].Value,
            int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
            match.Groups["message"].Value);
    }

    [GeneratedRegex(@"^(?<code>LG\d{4}) (?<line>\d+):(?<column>\d+) (?<message>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExpectationPattern();
}
