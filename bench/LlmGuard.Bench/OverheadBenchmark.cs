using System.Globalization;
using LlmGuard.Loopback;

namespace LlmGuard.Bench;

/// <summary>
/// <c>overhead</c>: the same N requests through <c>llmguard run</c> (verify mode, snapshots recorded, every case
/// unchanged) and through the bare OpenAI SDK <c>ChatClient</c>, each a separate process, against one loopback server
/// in this process, at each latency and concurrency, interleaved round by round. Reports cases/s (whole process, and
/// the server-side span from first request to last answer), their ratio, and CPU time per case.
/// Options: <c>--cases 1000</c>, <c>--latency 0,50</c> (ms), <c>--concurrency 1,4,16</c>, <c>--rounds 3</c>, <c>--work DIR</c>,
/// <c>--alt-cli PATH</c> (a second <c>llmguard</c> build, e.g. before a change, interleaved with the first and reported in its own rows).
/// </summary>
internal static class OverheadBenchmark
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var caseCount = BenchOptions.Number(arguments, "--cases", 1000);
        var latencies = BenchOptions.Numbers(arguments, "--latency", "0,50");
        var concurrencies = BenchOptions.Numbers(arguments, "--concurrency", "1,4,16");
        var rounds = BenchOptions.Number(arguments, "--rounds", 3);
        var work = BenchOptions.Text(arguments, "--work", Path.Combine(Path.GetTempPath(), "llmguard-bench-overhead"));
        var programs = BenchPrograms.Locate(arguments);
        var variants = BenchPrograms.HarnessVariants(arguments, programs);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        await using var server = await LoopbackModelServer.StartAsync().ConfigureAwait(false);
        server.RecordsRequests = false;
        server.ResolvedModel = BenchSuite.Model;
        server.Answer = prompt => BenchAnswers.For(prompt, driftShare: 0);
        var suite = BenchSuite.Create(work, caseCount, server.BaseAddress);
        var runner = new ChildProcessRunner(Path.Combine(work, "logs"));
        string[] Harness(int concurrency, string mode = "verify") =>
            ["run", "--suites", suite.SuitesPath, "--snapshots", suite.SnapshotsPath, "--mode", mode, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture)];

        Console.WriteLine($"Machine: {MachineDescription.Describe()}");
        Console.WriteLine($"Suite: {caseCount} cases, answers {BenchAnswers.MinimumLength}-{BenchAnswers.MaximumLength} characters; {rounds} interleaved round(s) per row, medians.");
        var record = runner.Run("record", programs.Cli, Harness(16, "update"));
        Require(record, 0, "recording the snapshots");

        var startupRuns = Enumerable.Range(0, 5).Select(_ => (
            Harness: variants.Select(variant => runner.Run($"cli-help-{variant.Name}", variant.Path, "--help")).ToList(),
            Raw: runner.Run("raw-empty", programs.RawClient, suite.RawClientArguments(server.BaseAddress, 1, empty: true)))).ToList();
        var harnessStartups = variants.Select((_, index) => Median(startupRuns.Select(run => run.Harness[index]))).ToList();
        var rawStartup = Median(startupRuns.Select(run => run.Raw));
        Console.WriteLine();
        for (var index = 0; index < variants.Count; index++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Start-up (median of 5): `{variants[index].Name} --help` {Ms(harnessStartups[index].Wall)} wall, {Ms(harnessStartups[index].Cpu)} CPU, {harnessStartups[index].PeakResidentMegabytes:F0} MB peak."));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Bare-SDK client with no requests (median of 5): {Ms(rawStartup.Wall)} wall, {Ms(rawStartup.Cpu)} CPU, {rawStartup.PeakResidentMegabytes:F0} MB peak."));
        Console.WriteLine();
        Console.WriteLine("| latency | concurrency | program | llmguard cases/s | bare SDK req/s | ratio (process) | ratio (server span) | llmguard CPU/case | bare SDK CPU/req | llmguard CPU/case net of start-up | bare SDK net | llmguard peak RSS | bare SDK peak RSS | load avg |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var latency in latencies)
        {
            server.Latency = TimeSpan.FromMilliseconds(latency);
            foreach (var concurrency in concurrencies)
            {
                var harnessRuns = variants.Select(_ => new List<(ProcessMeasurement Process, TimeSpan Span)>()).ToList();
                var rawRuns = new List<(ProcessMeasurement Process, TimeSpan Span)>();
                var slots = variants.Count + 1;
                for (var round = 0; round < rounds; round++)
                {
                    for (var turn = 0; turn < slots; turn++)
                    {
                        // Rotate the order each round so no program always runs first or after the same neighbour.
                        var slot = (turn + round) % slots;
                        var isHarness = slot < variants.Count;
                        server.ResetChatActivity();
                        var measurement = isHarness
                            ? runner.Run($"run-{variants[slot].Name}-l{latency}-c{concurrency}", variants[slot].Path, Harness(concurrency))
                            : runner.Run($"raw-l{latency}-c{concurrency}", programs.RawClient, suite.RawClientArguments(server.BaseAddress, concurrency));
                        Require(measurement, 0, isHarness ? variants[slot].Name + " run" : "the bare-SDK client");
                        if (server.ChatCount != caseCount)
                        {
                            throw new InvalidOperationException($"The server answered {server.ChatCount} chat requests, not {caseCount}.");
                        }

                        (isHarness ? harnessRuns[slot] : rawRuns).Add((measurement, server.ChatSpan));
                    }
                }

                var raw = Median(rawRuns.Select(run => run.Process));
                var rawSpan = MedianSpan(rawRuns.Select(run => run.Span));
                for (var index = 0; index < variants.Count; index++)
                {
                    var harness = Median(harnessRuns[index].Select(run => run.Process));
                    var harnessSpan = MedianSpan(harnessRuns[index].Select(run => run.Span));
                    var harnessStartup = harnessStartups[index];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {latency} ms | {concurrency} | {variants[index].Name} | {caseCount / harness.Wall.TotalSeconds:F0} | {caseCount / raw.Wall.TotalSeconds:F0} | {raw.Wall / harness.Wall:F3} | {rawSpan / harnessSpan:F3} | " +
                        $"{PerCase(harness.Cpu, caseCount)} | {PerCase(raw.Cpu, caseCount)} | {PerCase(harness.Cpu - harnessStartup.Cpu, caseCount)} | {PerCase(raw.Cpu - rawStartup.Cpu, caseCount)} | " +
                        $"{harness.PeakResidentMegabytes:F0} MB | {raw.PeakResidentMegabytes:F0} MB | {MachineDescription.LoadAverage()} |"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("ratio = bare-SDK time / llmguard time (1.000 = no overhead; ≥ 0.98 is the target). Process ratio: whole-process wall time including start-up; " +
            "server-span ratio: first request to last answer as seen by the server. CPU/case = process user+system CPU time / cases; net = (CPU − the start-up run's CPU) / cases.");
        return 0;
    }

    internal static void Require(ProcessMeasurement measurement, int exitCode, string what)
    {
        if (measurement.ExitCode != exitCode)
        {
            throw new InvalidOperationException($"{what} exited with {measurement.ExitCode} (expected {exitCode}); see {measurement.OutputPath} and its .err file.");
        }
    }

    internal static ProcessMeasurement Median(IEnumerable<ProcessMeasurement> measurements)
    {
        // Wall time of the run with the median wall time, CPU time of the run with the median CPU time, the highest peak.
        var list = measurements.ToList();
        var medianCpu = list.OrderBy(m => m.Cpu).ElementAt(list.Count / 2);
        return list.OrderBy(m => m.Wall).ElementAt(list.Count / 2) with
        {
            UserCpu = medianCpu.UserCpu,
            SystemCpu = medianCpu.SystemCpu,
            PeakResidentKilobytes = list.Max(m => m.PeakResidentKilobytes),
        };
    }

    internal static string Ms(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:F0} ms");

    private static TimeSpan MedianSpan(IEnumerable<TimeSpan> spans)
    {
        var list = spans.Order().ToList();
        return list[list.Count / 2];
    }

    private static string PerCase(TimeSpan cpu, int cases) => string.Create(CultureInfo.InvariantCulture, $"{cpu.TotalMilliseconds / cases:F3} ms");
}
