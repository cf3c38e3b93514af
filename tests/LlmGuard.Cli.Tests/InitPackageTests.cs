using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using LlmGuard.Cli.Tests.Infrastructure;

namespace LlmGuard.Cli.Tests;

/// <summary>
/// What a user gets from <c>llmguard init</c> works with the packages as published: the LlmGuard packages are packed
/// into a local feed, and the created test project restores LlmGuard.NUnit from it (everything else from the usual
/// feeds), records its snapshots with <c>LLMGUARD_MODE=update dotnet test</c> and then verifies them.
/// </summary>
[Category("slow")]
[NonParallelizable]
public sealed class InitPackageTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    /// <summary>LlmGuard.NUnit and the projects it depends on, packed in this order.</summary>
    private static readonly string[] PackedProjects = ["LlmGuard", "LlmGuard.Local", "LlmGuard.Providers", "LlmGuard.NUnit"];

    private static readonly string Configuration = typeof(InitPackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "Configuration").Value!;

    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("llmguard-init-package-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task The_project_init_creates_restores_the_packed_adapter_records_and_verifies_with_dotnet_test()
    {
        var feed = Path.Combine(directory, "feed");
        var workspace = Directory.CreateDirectory(Path.Combine(directory, "workspace")).FullName;
        foreach (var packed in PackedProjects)
        {
            // The projects were built with these tests (in this configuration), so packing needs no second build.
            var pack = await RunDotnetAsync(RepositoryRoot.Path, null,
                "pack", Path.Combine(RepositoryRoot.Path, "src", packed, packed + ".csproj"), "--no-build", "-c", Configuration, "-o", feed);
            Assert.That(pack.ExitCode, Is.Zero, pack.Output);
        }

        var init = await CliProcess.RunAsync(workspace, "init", "--directory", workspace);
        Assert.That(init.ExitCode, Is.Zero, init.ToString());
        var project = Path.Combine(workspace, "tests", "ModelRegression");
        Assert.That(File.ReadAllText(Path.Combine(project, "ModelRegression.csproj")),
            Does.Contain($"<PackageReference Include=\"LlmGuard.NUnit\" Version=\"{InitCommand.PackageVersion}\" />"));
        Assert.That(File.Exists(Path.Combine(feed, $"LlmGuard.NUnit.{InitCommand.PackageVersion}.nupkg")), Is.True, "init references the version that was packed");

        // The local feed is added to the usual ones; a private packages folder keeps packages of an earlier run out.
        File.WriteAllText(Path.Combine(workspace, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="llmguard-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var packages = Path.Combine(directory, "packages");

        var record = await DotnetTestAsync(project, packages, "update", "record.trx");
        var verify = await DotnetTestAsync(project, packages, "verify", "verify.trx");

        Assert.Multiple(() =>
        {
            Assert.That(record.Results, Is.EqualTo(new Dictionary<string, string> { ["starter/greeting"] = "Passed", ["starter/summary"] = "Passed" }), record.Output);
            Assert.That(record.ExitCode, Is.Zero, record.Output);
            Assert.That(record.Output, Does.Contain("recorded (new)"), "update records the new cases");
            Assert.That(File.Exists(Path.Combine(workspace, "snapshots", "starter", "greeting.verified.txt")), Is.True, "update recorded the snapshots");
            Assert.That(File.Exists(Path.Combine(workspace, "snapshots", "starter", "summary.verified.txt")), Is.True, "update recorded the snapshots");
            Assert.That(verify.Results, Is.EqualTo(new Dictionary<string, string> { ["starter/greeting"] = "Passed", ["starter/summary"] = "Passed" }), verify.Output);
            Assert.That(verify.ExitCode, Is.Zero, verify.Output);
            Assert.That(verify.Output, Does.Not.Contain("recorded ("), "verify compares with the snapshots instead of recording them");
        });
    }

    private async Task<(int ExitCode, string Output, Dictionary<string, string> Results)> DotnetTestAsync(string project, string packages, string mode, string trxName)
    {
        var results = Path.Combine(directory, "results");
        var run = await RunDotnetAsync(project, new Dictionary<string, string> { ["LLMGUARD_MODE"] = mode, ["NUGET_PACKAGES"] = packages },
            "test", "--logger", $"trx;LogFileName={trxName}", "--logger", "console;verbosity=detailed", "--results-directory", results);
        var trx = Path.Combine(results, trxName);
        Assert.That(File.Exists(trx), Is.True, run.Output);
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var outcomes = XDocument.Load(trx).Descendants(ns + "UnitTestResult")
            .ToDictionary(result => (string)result.Attribute("testName")!, result => (string)result.Attribute("outcome")!);
        return (run.ExitCode, run.Output, outcomes);
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        // Update is refused on CI, and CI runs these tests with CI=true.
        foreach (var name in TestEnvironment.RemovedVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish within {StepTimeout}.");
        }

        var text = new StringBuilder().Append("dotnet ").AppendJoin(' ', args).Append('\n').Append(await output).Append(await error).ToString();
        return (process.ExitCode, text);
    }
}
