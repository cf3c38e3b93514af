using System.Diagnostics;
using System.Globalization;
using LlmGuard.Local;
using LlmGuard.Local.Chat;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Bench;

/// <summary>
/// Load time, prompt tokens/s and generation tokens/s of the local runtime, on the demo model and the shared test
/// models, for each thread count. Prints a Markdown table. Options: <c>--threads 1,2</c>, <c>--prompt 128</c>,
/// <c>--generate 64</c>, <c>--repeat 5</c>, <c>--shared DIR</c>, <c>--demo DIR</c>.
/// </summary>
internal static class SpeedBenchmark
{
    private const string PromptText = "Once upon a time there was a little town by the sea where people would walk along the road and tell each other a story about the river, the moon and the old garden. ";

    public static int Run(string[] arguments)
    {
        var threadCounts = Option(arguments, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        var promptLength = int.Parse(Option(arguments, "--prompt", "128"), CultureInfo.InvariantCulture);
        var generateLength = int.Parse(Option(arguments, "--generate", "64"), CultureInfo.InvariantCulture);
        var repeat = int.Parse(Option(arguments, "--repeat", "5"), CultureInfo.InvariantCulture);
        var sharedDirectory = Option(arguments, "--shared", Path.Combine("..", "shared", "models"));
        var demoDirectory = Option(arguments, "--demo", Path.Combine(Path.GetTempPath(), "llmguard-demo-models"));

        var models = new List<string> { DemoModels.EnsureCreated(demoDirectory).BasePath };
        foreach (var name in new[] { "llama-2-tiny-random.gguf", "llama-random-gqa-f16.gguf", "llama-random-gqa-q8.gguf" })
        {
            var path = Path.Combine(sharedDirectory, name);
            if (File.Exists(path))
            {
                models.Add(path);
            }
            else
            {
                Console.Error.WriteLine($"skipped (not found): {Path.GetFullPath(path)}");
            }
        }

        Console.WriteLine($"{Environment.ProcessorCount} logical processors, {RuntimeInfo()}; prompt {promptLength} tokens, generation {generateLength} tokens, median of {repeat} runs after one warm-up");
        Console.WriteLine();
        Console.WriteLine("| model | file size | load time | threads | prompt tokens/s | generation tokens/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var path in models)
        {
            var loadTimes = Enumerable.Range(0, repeat).Select(_ => LoadedModel.Load(path).LoadTime.TotalMilliseconds).ToList();
            var model = LoadedModel.Load(path);
            var prompt = PromptTokens(model, promptLength);
            foreach (var threads in threadCounts)
            {
                var parallel = new RowParallel(threads);
                Measure(model, prompt, generateLength, parallel);
                var runs = Enumerable.Range(0, repeat).Select(_ => Measure(model, prompt, generateLength, parallel)).ToList();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(path)} | {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MiB | {Median(loadTimes):F0} ms | {threads} | {Median(runs.Select(run => run.PromptTokensPerSecond)):F0} | {Median(runs.Select(run => run.GenerationTokensPerSecond)):F0} |"));
            }
        }

        return 0;
    }

    private static (double PromptTokensPerSecond, double GenerationTokensPerSecond) Measure(LoadedModel model, int[] prompt, int generateLength, RowParallel parallel)
    {
        var session = new InferenceSession(model.Network, prompt.Length + generateLength, parallel);
        var stopwatch = Stopwatch.StartNew();
        var logits = session.Evaluate(prompt);
        var promptSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        for (var i = 0; i < generateLength; i++)
        {
            logits = session.Evaluate([TokenSampler.ArgMax(logits)]);
        }

        return (prompt.Length / promptSeconds, generateLength / stopwatch.Elapsed.TotalSeconds);
    }

    private static int[] PromptTokens(LoadedModel model, int length)
    {
        var text = PromptText;
        while (model.Tokenizer.Encode(text, addBos: true).Length < length)
        {
            text += PromptText;
        }

        return model.Tokenizer.Encode(text, addBos: true)[..length];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string RuntimeInfo() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, " +
        $"Vector256 {(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}";

    private static string Option(string[] arguments, string name, string fallback)
    {
        var index = Array.IndexOf(arguments, name);
        return index >= 0 && index + 1 < arguments.Length ? arguments[index + 1] : fallback;
    }
}
