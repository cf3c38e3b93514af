using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// Every file of the malformed-suite corpus, run through <c>validate</c>, <c>run</c> and <c>run --mode update</c>: each must
/// exit with 2, name the file, line and column with the expected code and message, and write nothing at all.
/// </summary>
public sealed class MalformedSuiteTests
{
    private const string ExistingSnapshot = """
        # llmguard snapshot 1
        suite: existing
        case: greeting
        provider: scripted
        model: fixture-1
        ---
        Hello.
        """;

    private static string CorpusPath => Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Loading", "malformed");

    public static IEnumerable<TestCaseData> CorpusFiles() =>
        Directory.Exists(CorpusPath)
            ? Directory.EnumerateFiles(CorpusPath)
                .Where(path => !path.EndsWith(MalformedSuiteExpectation.SidecarExtension, StringComparison.Ordinal) && !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(path => new TestCaseData(Path.GetFileName(path)).SetArgDisplayNames(Path.GetFileName(path)))
            : [];

    [Test]
    public void The_corpus_is_present()
    {
        Assert.That(CorpusFiles().Count(), Is.GreaterThanOrEqualTo(6), $"malformed suites under {CorpusPath}");
    }

    [TestCaseSource(nameof(CorpusFiles))]
    public async Task Is_rejected_with_its_position_and_nothing_is_written(string fileName)
    {
        var source = Path.Combine(CorpusPath, fileName);
        var expectation = MalformedSuiteExpectation.Read(source);
        Assert.That(expectation, Is.Not.Null, $"{fileName} has no '# expect: LG1234 line:column message' first line and no {fileName}{MalformedSuiteExpectation.SidecarExtension}");

        using var workspace = new TempWorkspace();
        var copy = Path.Combine(workspace.SuitesPath, fileName);
        File.Copy(source, copy);
        workspace.Write("suites/answers.json", "{}");
        workspace.Write("snapshots/existing/greeting.verified.txt", ExistingSnapshot);
        var filesBefore = workspace.Files();
        var foldersBefore = FileTree.Folders(workspace.Root);

        string[][] commands =
        [
            ["validate", "--suites", workspace.SuitesPath],
            ["run", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath],
            ["run", "--mode", "update", "--suites", workspace.SuitesPath, "--snapshots", workspace.SnapshotsPath],
        ];
        foreach (var command in commands)
        {
            var result = await InProcessCli.RunAsync(command);
            var expectedPrefix = $"{copy}:{expectation!.Line}:{expectation.Column}: error {expectation.Code}: ";
            var reported = result.AllOutput.Split('\n').Where(line => line.StartsWith(expectedPrefix, StringComparison.Ordinal)).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(2), $"{string.Join(' ', command[..1])}: {result}");
                Assert.That(reported, Is.Not.Empty, $"{command[0]} should report '{expectedPrefix}…'; {result}");
                Assert.That(reported, Has.Some.Contains(expectation.MessageSubstring), $"{command[0]}: {result}");
                Assert.That(FileTree.Differences(filesBefore, workspace.Files()), Is.Empty, $"{command[0]} changed files");
                Assert.That(FileTree.Folders(workspace.Root), Is.EqualTo(foldersBefore), $"{command[0]} created folders");
            });
        }
    }
}
