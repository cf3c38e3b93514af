using System.Text;

namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>A temporary folder holding suites/ and snapshots/, deleted on dispose.</summary>
internal sealed class TempWorkspace : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public TempWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("llmguard-cli-").FullName;
        Directory.CreateDirectory(SuitesPath);
    }

    public string Root { get; }

    public string SuitesPath => Path.Combine(Root, "suites");

    public string SnapshotsPath => Path.Combine(Root, "snapshots");

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public string VerifiedPath(string suite, string caseId) => Path.Combine(SnapshotsPath, suite, caseId + ".verified.txt");

    public string ReceivedPath(string suite, string caseId) => Path.Combine(SnapshotsPath, suite, caseId + ".received.txt");

    public void Write(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"), Utf8);
    }

    /// <summary>Writes the scripted model's answers file, a JSON object from prompt to answer.</summary>
    public void WriteAnswers(IReadOnlyDictionary<string, string> answers, string relativePath = "suites/answers.json") =>
        Write(relativePath, System.Text.Json.JsonSerializer.Serialize(answers));

    /// <summary>Every file under the root with its bytes, keyed by the path relative to the root with '/' separators.</summary>
    public SortedDictionary<string, byte[]> Files() => FileTree.Read(Root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold a file for a moment; the temp folder is cleaned by the system later.
        }
    }
}
