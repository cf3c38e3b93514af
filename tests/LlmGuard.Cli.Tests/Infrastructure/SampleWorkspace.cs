namespace LlmGuard.Cli.Tests.Infrastructure;

/// <summary>A workspace with two small scripted suites, for the command tests; commands get absolute paths.</summary>
internal sealed class SampleWorkspace : IDisposable
{
    public const string GeoSuite = """
        id: geo
        target:
          provider: scripted
          model: fixture-1
          options: { responses: answers.json }
        cases:
          - id: france
            prompt: Capital of France?
            tags: [europe, critical]
          - id: japan
            prompt: Capital of Japan?
            tags: [asia]
          - id: spain
            prompt: Capital of Spain?
            tags: [europe]
        """;

    public const string MathSuite = """
        id: math
        target:
          provider: scripted
          model: fixture-1
          options: { responses: answers.json }
        cases:
          - id: add
            prompt: What is 2 + 2?
            tags: [arithmetic]
          - id: multiply
            prompt: What is 3 * 3?
            tags: [arithmetic]
        """;

    public SampleWorkspace()
    {
        Workspace.Write("suites/geo.yaml", GeoSuite);
        Workspace.Write("suites/math.yaml", MathSuite);
        Answers = new Dictionary<string, string>
        {
            ["Capital of France?"] = "Paris.",
            ["Capital of Japan?"] = "Tokyo.",
            ["Capital of Spain?"] = "Madrid.",
            ["What is 2 + 2?"] = "4",
            ["What is 3 * 3?"] = "9",
        };
        WriteAnswers();
    }

    public TempWorkspace Workspace { get; } = new();

    public Dictionary<string, string> Answers { get; }

    public static IReadOnlyDictionary<string, string> OnCi { get; } = new Dictionary<string, string> { ["CI"] = "true" };

    public void WriteAnswers() => Workspace.WriteAnswers(Answers);

    /// <summary>Runs a command in-process with --suites (where the command takes it) and --snapshots pointing into the workspace.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(null, args);

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        List<string> fullArgs = [.. args];
        if (args[0] is "validate" or "run" or "prune")
        {
            fullArgs.AddRange(["--suites", Workspace.SuitesPath]);
        }

        if (args[0] is "run" or "accept" or "prune")
        {
            fullArgs.AddRange(["--snapshots", Workspace.SnapshotsPath]);
        }

        return InProcessCli.RunAsync(environment, [.. fullArgs]);
    }

    /// <summary>Records every case and checks it worked.</summary>
    public async Task RecordAsync()
    {
        var result = await RunAsync("run", "--mode", "update");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    /// <summary>The case names ("suite/case") the plain output reported, in order.</summary>
    public static List<string> ReportedCases(string output) =>
        [.. output.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith(' '))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 2 && words[1].Contains('/', StringComparison.Ordinal))
            .Select(words => words[1])];

    public void Dispose() => Workspace.Dispose();
}
