using LlmGuard.Loopback;

namespace LlmGuard.Bench;

/// <summary>
/// <c>serve</c>: runs the loopback OpenAI-compatible server with the bench's answers until Enter or Ctrl+C, for
/// measuring by hand. Options: <c>--latency 50</c> (ms), <c>--drift 0</c> (share of changed answers).
/// </summary>
internal static class LoopbackServeCommand
{
    public static async Task<int> RunAsync(string[] arguments)
    {
        var latency = BenchOptions.Number(arguments, "--latency", 0);
        var drift = BenchOptions.Fraction(arguments, "--drift", 0);
        await using var server = await LoopbackModelServer.StartAsync().ConfigureAwait(false);
        server.RecordsRequests = false;
        server.ResolvedModel = BenchSuite.Model;
        server.Latency = TimeSpan.FromMilliseconds(latency);
        server.Answer = prompt => BenchAnswers.For(prompt, drift);
        Console.WriteLine($"OpenAI-compatible endpoint: {server.BaseAddress}v1 (latency {latency} ms). Press Enter to stop.");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var enter = Task.Run(Console.ReadLine, CancellationToken.None);
        await Task.WhenAny(enter, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        return 0;
    }
}
