using System.Diagnostics;
using System.Globalization;
using LlmGuard.Loading;
using LlmGuard.Loopback;
using LlmGuard.Suites;

namespace LlmGuard.Bench;

/// <summary>
/// <c>scale</c>: for suites of each size, recorded once through <c>llmguard run --mode update</c> against the loopback
/// server (no latency), measures whole <c>llmguard</c> processes: <c>validate</c> (load + validate), <c>run --mode replay</c>
/// (no model) and <c>run</c> in verify mode against the server with a share of drifted answers (the compare path:
/// comparison, diffs, received files). Reports the median wall time, the wall time net of start-up (<c>llmguard --help</c>),
/// CPU time and the peak resident set; and the in-process load + validate time of <see cref="SuiteLoader"/>.
/// Options: <c>--cases 1000,10000</c>, <c>--repeat 3</c>, <c>--drift 0.1</c>, <c>--concurrency 16</c>, <c>--work DIR</c>,
/// <c>--alt-cli PATH</c> (a second <c>llmguard</c> build, interleaved with the first in every repeated step and reported in its own rows).
/// </summary>
internal static class ScaleBenchmark
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var sizes = BenchOptions.Numbers(arguments, "--cases", "1000,10000");
        var repeat = BenchOptions.Number(arguments, "--repeat", 3);
        var drift = BenchOptions.Fraction(arguments, "--drift", 0.1);
        var concurrency = BenchOptions.Number(arguments, "--concurrency", 16).ToString(CultureInfo.InvariantCulture);
        var work = BenchOptions.Text(arguments, "--work", Path.Combine(Path.GetTempPath(), "llmguard-bench-scale"));
        var programs = BenchPrograms.Locate(arguments);
        var variants = BenchPrograms.HarnessVariants(arguments, programs);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        await using var server = await LoopbackModelServer.StartAsync().ConfigureAwait(false);
        server.RecordsRequests = false;
        server.ResolvedModel = BenchSuite.Model;
        var runner = new ChildProcessRunner(Path.Combine(work, "logs"));

        Console.WriteLine($"Machine: {MachineDescription.Describe()}");
        Console.WriteLine($"Median of {repeat} whole-process runs per step; verify-compare runs at concurrency {concurrency} with {drift:P0} of answers drifted.");
        var startupRuns = Enumerable.Range(0, 5).Select(_ => variants.Select(variant => runner.Run($"cli-help-{variant.Name}", variant.Path, "--help")).ToList()).ToList();
        var startups = variants.Select((_, index) => OverheadBenchmark.Median(startupRuns.Select(run => run[index]))).ToList();
        for (var index = 0; index < variants.Count; index++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Start-up (median of 5 `{variants[index].Name} --help`): {OverheadBenchmark.Ms(startups[index].Wall)} wall, {OverheadBenchmark.Ms(startups[index].Cpu)} CPU, {startups[index].PeakResidentMegabytes:F0} MB peak."));
        }
        Console.WriteLine();
        Console.WriteLine("| cases | suite file | step | wall | wall − start-up | CPU | peak RSS | load avg |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|---:|---|");
        foreach (var size in sizes)
        {
            var suite = BenchSuite.Create(Path.Combine(work, size.ToString(CultureInfo.InvariantCulture)), size, server.BaseAddress);
            var fileSize = string.Create(CultureInfo.InvariantCulture, $"{new FileInfo(suite.SuiteFile).Length / 1024.0 / 1024.0:F1} MiB");
            string[] Run(string mode) => ["run", "--suites", suite.SuitesPath, "--snapshots", suite.SnapshotsPath, "--mode", mode, "--concurrency", concurrency];
            void Row(string step, ProcessMeasurement measurement, int variant = 0) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {fileSize} | {step}{(variants.Count > 1 ? $" [{variants[variant].Name}]" : "")} | {OverheadBenchmark.Ms(measurement.Wall)} | {OverheadBenchmark.Ms(measurement.Wall - startups[variant].Wall)} | {OverheadBenchmark.Ms(measurement.Cpu)} | {measurement.PeakResidentMegabytes:F0} MB | {MachineDescription.LoadAverage()} |"));
            void Rows(string step, IReadOnlyList<ProcessMeasurement> measurements)
            {
                for (var index = 0; index < measurements.Count; index++)
                {
                    Row(step, measurements[index], index);
                }
            }

            server.Answer = prompt => BenchAnswers.For(prompt, driftShare: 0);
            var record = runner.Run($"update-{size}", programs.Cli, Run("update"));
            OverheadBenchmark.Require(record, 0, "recording the snapshots");
            Row($"record (`run --mode update`, concurrency {concurrency})", record);

            var validate = Repeat(repeat, variants, variant => runner.Run($"validate-{variant.Name}-{size}", variant.Path, "validate", "--suites", suite.SuitesPath), 0, "llmguard validate");
            Rows("load + validate (`validate`)", validate);
            var replay = Repeat(repeat, variants, variant => runner.Run($"replay-{variant.Name}-{size}", variant.Path, Run("replay")), 0, "llmguard run --mode replay");
            Rows("replay-verify (`run --mode replay`)", replay);

            server.Answer = prompt => BenchAnswers.For(prompt, drift);
            var compare = Repeat(repeat, variants, variant => runner.Run($"verify-{variant.Name}-{size}", variant.Path, Run("verify")), drift > 0 ? 1 : 0, "llmguard run (verify)");
            Rows($"verify + compare (`run`, {drift:P0} changed)", compare);

            var (cold, warm) = LoadInProcess(suite.SuitesPath, repeat);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {fileSize} | in-process `SuiteLoader.Load`: first / warm median | {OverheadBenchmark.Ms(cold)} / {OverheadBenchmark.Ms(warm)} | | | | {MachineDescription.LoadAverage()} |"));
        }

        Console.WriteLine();
        Console.WriteLine("wall − start-up subtracts the median wall time of `llmguard --help`. Peak RSS is the process's VmHWM (ru_maxrss from /usr/bin/time), the highest of the runs.");
        return 0;
    }

    private static List<ProcessMeasurement> Repeat(int count, IReadOnlyList<(string Name, string Path)> variants, Func<(string Name, string Path), ProcessMeasurement> run, int exitCode, string what)
    {
        var runs = variants.Select(_ => new List<ProcessMeasurement>()).ToList();
        for (var index = 0; index < count; index++)
        {
            for (var turn = 0; turn < variants.Count; turn++)
            {
                var variant = (turn + index) % variants.Count;
                var measurement = run(variants[variant]);
                OverheadBenchmark.Require(measurement, exitCode, $"{what} ({variants[variant].Name})");
                runs[variant].Add(measurement);
            }
        }

        return [.. runs.Select(OverheadBenchmark.Median)];
    }

    private static (TimeSpan Cold, TimeSpan Warm) LoadInProcess(string suitesPath, int repeat)
    {
        var providers = ProviderNames.All;
        TimeSpan Once()
        {
            var stopwatch = Stopwatch.StartNew();
            var set = new SuiteLoader(providers).Load(suitesPath);
            var elapsed = stopwatch.Elapsed;
            if (set.HasErrors)
            {
                throw new InvalidOperationException(string.Join("\n", set.Diagnostics));
            }

            return elapsed;
        }

        var cold = Once();
        var warm = Enumerable.Range(0, repeat).Select(_ => Once()).Order().ElementAt(repeat / 2);
        return (cold, warm);
    }
}
