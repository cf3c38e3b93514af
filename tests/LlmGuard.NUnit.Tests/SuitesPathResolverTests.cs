namespace LlmGuard.NUnit.Tests;

public sealed class SuitesPathResolverTests
{
    private string root = "";

    [SetUp]
    public void SetUp() => root = Directory.CreateTempSubdirectory("llmguard-paths-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(root, recursive: true);

    [Test]
    public void Relative_paths_resolve_against_the_declaring_source_folder_and_snapshots_default_beside_the_suites()
    {
        var sourceFile = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "tests", "Model")).FullName, "ModelTests.cs");

        var location = SuitesPathResolver.Resolve("../../suites", null, sourceFile, Path.Combine(root, "elsewhere"));

        Assert.Multiple(() =>
        {
            Assert.That(location.SuitesPath, Is.EqualTo(Path.Combine(root, "suites")));
            Assert.That(location.SnapshotsPath, Is.EqualTo(Path.Combine(root, "snapshots")));
            Assert.That(location.Note, Is.Null);
        });
    }

    [Test]
    public void An_explicit_snapshots_path_resolves_the_same_way_and_absolute_paths_are_kept()
    {
        var sourceFile = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "tests")).FullName, "ModelTests.cs");
        var absoluteSuites = Path.Combine(root, "data", "suites");

        var relative = SuitesPathResolver.Resolve("../suites", "../recorded", sourceFile, root);
        var absolute = SuitesPathResolver.Resolve(absoluteSuites, null, "", root);

        Assert.Multiple(() =>
        {
            Assert.That(relative.SnapshotsPath, Is.EqualTo(Path.Combine(root, "recorded")));
            Assert.That(absolute.SuitesPath, Is.EqualTo(absoluteSuites));
            Assert.That(absolute.SnapshotsPath, Is.EqualTo(Path.Combine(root, "data", "snapshots")));
        });
    }

    [Test]
    public void Environment_variables_in_paths_are_expanded()
    {
        var variable = "LLMGUARD_TEST_SUITES_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Path.Combine(root, "from-variable"));
        try
        {
            var location = SuitesPathResolver.Resolve($"%{variable}%", null, "", root);

            Assert.That(location.SuitesPath, Is.EqualTo(Path.Combine(root, "from-variable")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Test]
    public void When_the_source_folder_does_not_exist_the_path_is_searched_upward_from_the_assembly_folder()
    {
        Directory.CreateDirectory(Path.Combine(root, "repo", "suites"));
        var assemblyDirectory = Directory.CreateDirectory(Path.Combine(root, "repo", "tests", "Model", "bin", "Debug")).FullName;
        var mappedSource = "/_/tests/Model/ModelTests.cs";

        var location = SuitesPathResolver.Resolve("../../suites", "../../snapshots", mappedSource, assemblyDirectory);

        Assert.Multiple(() =>
        {
            Assert.That(location.SuitesPath, Is.EqualTo(Path.Combine(root, "repo", "suites")));
            Assert.That(location.SnapshotsPath, Is.EqualTo(Path.Combine(root, "repo", "snapshots")), "a snapshots folder not recorded yet goes where the suites were found");
            Assert.That(location.Note, Does.Contain("does not exist").And.Contain("found in"));
        });
    }

    [Test]
    public void A_fallback_search_that_finds_nothing_says_where_it_looked()
    {
        var assemblyDirectory = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;

        var location = SuitesPathResolver.Resolve("../no-such-suites-folder-" + Guid.NewGuid().ToString("N"), null, "/_/tests/ModelTests.cs", assemblyDirectory);

        Assert.Multiple(() =>
        {
            Assert.That(location.SuitesPath, Does.StartWith(assemblyDirectory));
            Assert.That(location.Note, Does.Contain(assemblyDirectory).And.Contain("without success"));
        });
    }

    [Test]
    public void The_attribute_records_the_declaring_source_file()
    {
        var attribute = new LlmGuardSuitesAttribute("TestData/valid");

        var location = SuitesPathResolver.Resolve(attribute, AppContext.BaseDirectory);

        Assert.Multiple(() =>
        {
            Assert.That(attribute.SourceFilePath, Does.EndWith(nameof(SuitesPathResolverTests) + ".cs"));
            Assert.That(Directory.Exists(location.SuitesPath), Is.True, location.SuitesPath);
        });
    }

    [TestCase("../../suites", "suites")]
    [TestCase("./suites/main", "suites/main")]
    [TestCase("suites", "suites")]
    [TestCase("..", ".")]
    public void Leading_relative_parts_are_dropped_for_the_upward_search(string path, string expected) =>
        Assert.That(SuitesPathResolver.WithoutLeadingRelativeParts(path), Is.EqualTo(expected.Replace('/', Path.DirectorySeparatorChar)));
}
