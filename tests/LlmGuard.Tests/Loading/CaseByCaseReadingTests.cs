using System.Text;
using System.Text.Json;
using LlmGuard.Loading;
using LlmGuard.Suites;
using YamlDotNet.Core;

namespace LlmGuard.Tests.Loading;

/// <summary>
/// Suites in the common shape are read case by case; every other file is built as one document. Both paths must give
/// the same suites and the same diagnostics, and the case-by-case path must be the one taken for the common shape.
/// </summary>
public sealed class CaseByCaseReadingTests
{
    private const string LateDefaults = """
        id: late-defaults
        target: { provider: scripted, model: echo }
        cases:
          - id: one
            prompt: Where is {{city}}?
        defaults:
          vars: { city: Paris }
        """;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static IEnumerable<TestCaseData> SuiteFiles()
    {
        var root = RepositoryRoot.Path;
        var tests = Path.Combine(root, "tests");
        return Directory.EnumerateFiles(Path.Combine(root, "suites"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(tests, "*.yaml", SearchOption.AllDirectories)
                .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(file).SetArgDisplayNames(Path.GetRelativePath(root, file).Replace('\\', '/')));
    }

    [TestCaseSource(nameof(SuiteFiles))]
    public void Both_paths_give_the_same_suite_and_diagnostics(string file)
    {
        var caseByCase = new SuiteLoader(MalformedCorpus.KnownProviders).Load(file);
        var whole = new SuiteLoader(MalformedCorpus.KnownProviders) { ReadsCaseByCase = false }.Load(file);

        Assert.That(Describe(caseByCase), Is.EqualTo(Describe(whole)));
    }

    [TestCase("suites/demo/chat.yaml")]
    [TestCase("suites/demo/formats.yaml")]
    [TestCase("suites/examples/openai.yaml")]
    public void Committed_suites_are_read_case_by_case(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, relativePath));

        Assert.That(ReadCaseByCase(text), Is.Not.Null);
    }

    [Test]
    public void Defaults_before_the_cases_apply_to_every_case()
    {
        const string yaml = """
            id: defaults-first
            target: { provider: scripted, model: echo }
            defaults:
              vars: { city: Paris }
              tags: [smoke]
              expect:
                - contains: "{{city}}"
            cases:
              - id: one
                prompt: Where is {{city}}?
              - id: two
                vars: { city: Rome }
                prompt: Describe {{city}}.
                tags: [extra]
            """;

        var suite = ReadCaseByCase(yaml);

        Assert.That(suite, Is.Not.Null);
        Assert.That(suite!.Cases.Select(c => c.Messages.Single().Content), Is.EqualTo(new[] { "Where is Paris?", "Describe Rome." }));
        Assert.That(suite.Cases.Select(c => c.Expect.Single().Text), Is.EqualTo(new[] { "Paris", "Rome" }));
        Assert.That(suite.Cases[1].Tags, Is.EqualTo(new[] { "smoke", "extra" }));
        AssertBothPathsAgree(yaml);
    }

    [TestCase("defaults-after-cases", LateDefaults)]
    [TestCase("alias", """
        id: aliases
        target: { provider: scripted, model: echo }
        cases:
          - id: one
            prompt: Hello
            expect: &checks
              - contains: Hello
          - id: two
            prompt: Hello again
            expect: *checks
        """)]
    [TestCase("error-in-a-later-case", """
        id: broken
        target: { provider: scripted, model: echo }
        cases:
          - id: one
            prompt: Hello
          - id: two
            prompt: Hello
            expect:
              - min-length: many
        """)]
    [TestCase("duplicate-case-ids", """
        id: duplicates
        target: { provider: scripted, model: echo }
        cases:
          - id: one
            prompt: Hello
          - id: ONE
            prompt: Hello
        """)]
    [TestCase("empty-cases", """
        id: empty
        target: { provider: scripted, model: echo }
        cases: []
        """)]
    [TestCase("root-is-a-list", """
        - id: one
        """)]
    public void Other_shapes_are_built_as_one_document_with_the_same_result(string name, string yaml)
    {
        Assert.That(ReadCaseByCase(yaml), Is.Null, name);
        AssertBothPathsAgree(yaml);
    }

    [Test]
    public void Defaults_after_the_cases_still_apply()
    {
        var set = Load(LateDefaults);

        Assert.That(set.HasErrors, Is.False, string.Join("\n", set.Diagnostics));
        Assert.That(set.Suites.Single().Cases.Single().Messages.Single().Content, Is.EqualTo("Where is Paris?"));
    }

    [Test]
    public void Warnings_are_kept_when_reading_case_by_case()
    {
        const string yaml = """
            id: floating
            target: { provider: openai, model: gpt-4o }
            cases:
              - id: one
                prompt: Hello
            """;

        var set = Load(yaml);

        Assert.That(ReadCaseByCase(yaml), Is.Not.Null);
        Assert.That(set.Diagnostics.Select(d => d.Code), Is.EqualTo(new[] { DiagnosticCodes.FloatingModel }));
        AssertBothPathsAgree(yaml);
    }

    private static Suite? ReadCaseByCase(string yaml)
    {
        var reader = new YamlNodeReader("suite.yaml", [], yaml);
        return StreamingSuiteReader.TryRead(new StructureCheckingParser(new Parser(new StringReader(yaml))),
            new SuiteFileParser(reader, MalformedCorpus.KnownProviders, new SuitePolicy(_ => null)), reader, "/suites/suite.yaml");
    }

    private static SuiteSet Load(string yaml) => WithFile(yaml, file => new SuiteLoader(MalformedCorpus.KnownProviders).Load(file));

    private static void AssertBothPathsAgree(string yaml) => WithFile(yaml, file =>
    {
        var caseByCase = new SuiteLoader(MalformedCorpus.KnownProviders).Load(file);
        var whole = new SuiteLoader(MalformedCorpus.KnownProviders) { ReadsCaseByCase = false }.Load(file);
        Assert.That(Describe(caseByCase), Is.EqualTo(Describe(whole)));
        return caseByCase;
    });

    private static SuiteSet WithFile(string yaml, Func<string, SuiteSet> load)
    {
        var directory = Directory.CreateTempSubdirectory("llmguard-case-by-case-");
        try
        {
            var file = Path.Combine(directory.FullName, "suite.yaml");
            File.WriteAllBytes(file, new UTF8Encoding(false).GetBytes(yaml));
            return load(file);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Describe(SuiteSet set) =>
        JsonSerializer.Serialize(set.Suites, Indented) + "\n" + string.Join("\n", set.Diagnostics);
}
