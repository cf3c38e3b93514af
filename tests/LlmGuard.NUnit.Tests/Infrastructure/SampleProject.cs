using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;
using LlmGuard.Planning;

namespace LlmGuard.NUnit.Tests.Infrastructure;

/// <summary>
/// Runs the user-shaped sample test project (tests/LlmGuard.NUnit.Sample) with a child <c>dotnet test</c>, its suites
/// and results file named by environment variables, and reads the TRX file it writes.
/// </summary>
internal static class SampleProject
{
    public static async Task<SampleRun> RunAsync(
        string workDirectory,
        string suites,
        string resultsPath,
        string? filter = null,
        string? invalidSuites = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var sample = typeof(SampleProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "SampleAssembly").Value!;
        Assert.That(File.Exists(sample), Is.True, $"the sample project is built with this one: {sample}");
        var resultsDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "trx-" + Guid.NewGuid().ToString("N"))).FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in new[] { "test", sample, "--logger", "trx;LogFileName=sample.trx", "--logger", "console;verbosity=normal", "--results-directory", resultsDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        if (filter is not null)
        {
            start.ArgumentList.Add("--filter");
            start.ArgumentList.Add(filter);
        }

        foreach (var name in CiEnvironment.Variables.Concat([RunEnvironmentVariables.Mode, RunEnvironmentVariables.Model, RunEnvironmentVariables.Repeat, RunEnvironmentVariables.Baseline, RunEnvironmentVariables.Candidate]))
        {
            start.Environment.Remove(name);
        }

        start.Environment["LLMGUARD_SAMPLE_SUITES"] = suites;
        start.Environment["LLMGUARD_SAMPLE_INVALID_SUITES"] = invalidSuites ?? Path.Combine(workDirectory, "no-invalid-suites");
        start.Environment[RunEnvironmentVariables.Results] = resultsPath;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        var trx = Path.Combine(resultsDirectory, "sample.trx");
        Assert.That(File.Exists(trx), Is.True, output);
        return new SampleRun(process.ExitCode, output, Results(trx)) { Attachments = Attachments(trx) };
    }

    /// <summary>The file names attached to each test that has attachments, by test name.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Attachments(string trxPath)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(trxPath).Descendants(ns + "UnitTestResult")
            .Where(result => result.Descendants(ns + "ResultFile").Any())
            .ToDictionary(
                result => (string)result.Attribute("testName")!,
                result => (IReadOnlyList<string>)[.. result.Descendants(ns + "ResultFile").Select(file => Path.GetFileName((string)file.Attribute("path")!))]);
    }

    /// <summary>Each test's outcome and message, by test name.</summary>
    private static Dictionary<string, (string Outcome, string Message)> Results(string trxPath)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(trxPath).Descendants(ns + "UnitTestResult").ToDictionary(
            result => (string)result.Attribute("testName")!,
            result => ((string)result.Attribute("outcome")!, result.Descendants(ns + "Message").FirstOrDefault()?.Value ?? ""));
    }
}
