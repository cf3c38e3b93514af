using LlmGuard.Loading;
using LlmGuard.Suites;
using NJsonSchema;

namespace LlmGuard.Tests.Loading;

public sealed class SuiteSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepositoryRoot.Path, "docs", "suite.schema.json");
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFileAsync(SchemaPath).GetAwaiter().GetResult());

    /// <summary>Example suites: suites/, docs/ and every valid/ folder under tests/.</summary>
    private static IEnumerable<TestCaseData> ExampleSuites()
    {
        var root = RepositoryRoot.Path;
        var suites = Path.Combine(root, "suites");
        var docs = Path.Combine(root, "docs");
        var tests = Path.Combine(root, "tests");
        IEnumerable<string> Yaml(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories) : [];
        return Yaml(suites)
            .Concat(Yaml(docs))
            .Concat(Yaml(tests).Where(file => Path.GetRelativePath(tests, file).Split(Path.DirectorySeparatorChar).Contains("valid")))
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(file).SetArgDisplayNames(Path.GetRelativePath(root, file).Replace('\\', '/')));
    }

    private static IEnumerable<TestCaseData> ValidFolderSuites() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Loading", "valid"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(file => new TestCaseData(file).SetArgDisplayNames(Path.GetFileName(file)));

    /// <summary>Corpus entries whose problem the schema can see (keys, types, enums, ranges, id patterns, prompt xor messages).</summary>
    private static IEnumerable<TestCaseData> MalformedSuitesTheSchemaRejects() =>
        new[]
        {
            "unknown-key-root.yaml", "unknown-key-target.yaml", "unknown-key-defaults.yaml", "unknown-key-gate.yaml", "unknown-key-case.yaml",
            "unknown-key-message.yaml", "unknown-key-compare.yaml", "unknown-key-scrubber.yaml", "unknown-key-pin.yaml",
            "wrong-type-text-for-number.yaml", "wrong-type-quoted-number.yaml", "wrong-type-list-for-mapping.yaml", "wrong-type-mapping-for-text.yaml",
            "wrong-type-mapping-for-cases.yaml", "wrong-type-boolean.yaml", "root-is-list.yaml", "no-cases.yaml", "empty-cases.yaml",
            "prompt-and-messages.yaml", "neither-prompt-nor-messages.yaml", "unknown-assertion.yaml", "unknown-negated-assertion.yaml",
            "unknown-role.yaml", "unknown-compare-mode.yaml", "unknown-builtin-scrubber.yaml", "out-of-range-temperature.yaml",
            "out-of-range-top-p.yaml", "out-of-range-max-tokens.yaml", "secret-api-key.yaml", "unsafe-case-id-slash.yaml",
            "unsafe-case-id-backslash.yaml", "unsafe-case-id-trailing-dot.yaml", "unsafe-case-id-too-long.yaml", "unsafe-suite-id.yaml",
            "unsafe-case-id-non-ascii.yaml", "unknown-key-scrubber-abbreviation.yaml", "unknown-key-target-no-suggestion.yaml",
            "secret-nested-option-header.yaml", "secret-option-in-list.yaml", "secret-option-value.yaml", "cli-secret-in-nested-option.yaml",
            "compare-extract-two-kinds.yaml", "compare-extract-unknown-preset.yaml", "compare-lexical-missing-threshold.yaml",
            "compare-lexical-unknown-metric.yaml", "compare-lexical-threshold-out-of-range.yaml", "compare-judge-votes-out-of-range.yaml",
            "case-repeat-out-of-range.yaml", "case-expect-change-not-boolean.yaml", "gate-significance-out-of-range.yaml",
            "gate-share-by-tag-not-mapping.yaml", "gate-share-by-tag-out-of-range.yaml", "gate-min-agreement-out-of-range.yaml",
            "gate-max-provider-errors-negative.yaml", "judge-unknown-key.yaml", "embedding-unknown-key.yaml", "judge-missing-model.yaml",
        }.Select(name => new TestCaseData(Path.Combine(MalformedCorpus.Folder, name)).SetArgDisplayNames(name));

    [Test]
    public void The_schema_is_draft_07_and_readable()
    {
        Assert.That(Schema.Value.SchemaVersion, Does.Contain("draft-07"));
        Assert.That(Schema.Value.Definitions, Contains.Key("assertion"));
    }

    [TestCaseSource(nameof(ExampleSuites))]
    public void Example_suite_validates_against_the_schema(string file)
    {
        var errors = Validate(file);
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
    }

    [Test]
    public void The_valid_folder_holds_examples() =>
        Assert.That(ValidFolderSuites().Count(), Is.GreaterThanOrEqualTo(3));

    [TestCaseSource(nameof(ValidFolderSuites))]
    public void Valid_example_loads_without_errors(string file)
    {
        var set = new SuiteLoader(MalformedCorpus.KnownProviders).Load(file);
        Assert.That(set.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, string.Join("\n", set.Diagnostics));
        Assert.That(set.Suites, Has.Count.EqualTo(1));
    }

    [TestCaseSource(nameof(MalformedSuitesTheSchemaRejects))]
    public void Schema_rejects_malformed_suite(string file) =>
        Assert.That(Validate(file), Is.Not.Empty, "the schema accepts a suite the loader rejects");

    [Test]
    public void Every_assertion_name_and_its_negation_is_in_the_schema()
    {
        var names = Schema.Value.Definitions["assertion"].Properties.Keys;
        var expected = AssertionNames.All.Concat(AssertionNames.All.Select(name => "not-" + name));
        Assert.That(names, Is.EquivalentTo(expected));
    }

    private static List<string> Validate(string file) =>
        [.. Schema.Value.Validate(SuiteYamlToJson.Convert(File.ReadAllText(file))).Select(error => error.ToString())];
}
