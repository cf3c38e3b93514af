using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmGuard.Local;
using LlmGuard.Local.Adapters;
using LlmGuard.Local.Chat;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Bench;

/// <summary>
/// Load time, prompt tokens/s and generation tokens/s of the local runtime for each thread count, as a Markdown
/// table. Models: <c>--model PATH</c> (repeatable; <c>--adapter PATH</c> and <c>--adapter-scale S</c> apply to each), else
/// the demo model and the shared test models. With <c>--llamacpp NODE_MODULES</c> (a folder where the npm package
/// node-llama-cpp is installed) llama.cpp runs the same prompt tokens through <c>bench/llamacpp/speed.mjs</c>, in
/// rounds alternating with the runtime's, and the table gets llama.cpp's figures and the ratios.
/// Other options: <c>--threads 1,2</c>, <c>--prompt 128</c>, <c>--generate 64</c>, <c>--repeat 5</c>, <c>--shared DIR</c>,
/// <c>--demo DIR</c>.
/// </summary>
internal static class SpeedBenchmark
{
    private const string PromptText = "Once upon a time there was a little town by the sea where people would walk along the road and tell each other a story about the river, the moon and the old garden. ";

    public static int Run(string[] arguments)
    {
        var threadCounts = BenchOptions.Numbers(arguments, "--threads", "1,2");
        var promptLength = BenchOptions.Number(arguments, "--prompt", 128);
        var generateLength = BenchOptions.Number(arguments, "--generate", 64);
        var repeat = BenchOptions.Number(arguments, "--repeat", 5);
        var adapter = BenchOptions.Text(arguments, "--adapter", "");
        var adapterScale = (float)BenchOptions.Fraction(arguments, "--adapter-scale", 1);
        var llamaCpp = BenchOptions.Text(arguments, "--llamacpp", "");
        var models = Models(arguments);
        var adapters = adapter.Length > 0 ? new[] { new AdapterReference(Path.GetFullPath(adapter), adapterScale) } : [];

        Console.WriteLine($"{Environment.ProcessorCount} logical processors, {RuntimeInfo()}; prompt {promptLength} tokens, generation {generateLength} greedy tokens, median of {repeat} runs after one warm-up" +
            (adapter.Length > 0 ? $"; adapter {Path.GetFileName(adapter)} at scale {adapterScale.ToString(CultureInfo.InvariantCulture)}" : ""));
        Console.WriteLine();
        Console.WriteLine(llamaCpp.Length > 0
            ? "| model | threads | prompt tokens/s | llama.cpp | ratio | generation tokens/s | llama.cpp | ratio | same greedy tokens |\n|---|---:|---:|---:|---:|---:|---:|---:|---|"
            : "| model | file size | load time | threads | prompt tokens/s | generation tokens/s |\n|---|---:|---:|---:|---:|---:|");
        foreach (var path in models)
        {
            var loadTimes = Enumerable.Range(0, repeat).Select(_ => LoadedModel.Load(path, adapterReferences: adapters).LoadTime.TotalMilliseconds).ToList();
            var model = LoadedModel.Load(path, adapterReferences: adapters);
            var prompt = PromptTokens(model, promptLength);
            foreach (var threads in threadCounts)
            {
                var parallel = new RowParallel(threads);
                Measure(model, prompt, generateLength, parallel);
                var runs = new List<Measured>();
                var reference = new List<Measured>();
                for (var round = 0; round < repeat; round++)
                {
                    runs.Add(Measure(model, prompt, generateLength, parallel));
                    if (llamaCpp.Length > 0)
                    {
                        reference.Add(MeasureLlamaCpp(llamaCpp, path, adapters, prompt, generateLength, threads));
                    }
                }

                var promptSpeed = Median(runs.Select(run => run.PromptTokensPerSecond));
                var generationSpeed = Median(runs.Select(run => run.GenerationTokensPerSecond));
                if (llamaCpp.Length == 0)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {Path.GetFileName(path)} | {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MiB | {Median(loadTimes):F0} ms | {threads} | {promptSpeed:F0} | {generationSpeed:F0} |"));
                    continue;
                }

                var referencePrompt = Median(reference.Select(run => run.PromptTokensPerSecond));
                var referenceGeneration = Median(reference.Select(run => run.GenerationTokensPerSecond));
                var sameTokens = runs[0].Tokens.SequenceEqual(reference[0].Tokens) ? "yes" : $"first {runs[0].Tokens.Zip(reference[0].Tokens).TakeWhile(pair => pair.First == pair.Second).Count()} of {generateLength}";
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(path)} | {threads} | {promptSpeed:F0} | {referencePrompt:F0} | {promptSpeed / referencePrompt:F2} | {generationSpeed:F0} | {referenceGeneration:F0} | {generationSpeed / referenceGeneration:F2} | {sameTokens} |"));
            }
        }

        return 0;
    }

    private static List<string> Models(string[] arguments)
    {
        var named = arguments.Select((argument, index) => (argument, index))
            .Where(pair => pair.argument == "--model" && pair.index + 1 < arguments.Length)
            .Select(pair => Path.GetFullPath(arguments[pair.index + 1]))
            .ToList();
        if (named.Count > 0)
        {
            return named;
        }

        var sharedDirectory = BenchOptions.Text(arguments, "--shared", Path.Combine("..", "shared", "models"));
        var demoDirectory = BenchOptions.Text(arguments, "--demo", Path.Combine(Path.GetTempPath(), "llmguard-demo-models"));
        var models = new List<string> { DemoModels.EnsureCreated(demoDirectory).BasePath };
        foreach (var name in new[] { "llama-2-tiny-random.gguf", "llama-random-gqa-f16.gguf", "llama-random-gqa-q8.gguf", "llama3-bpe-tiny.gguf" })
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

        return models;
    }

    private static Measured Measure(LoadedModel model, int[] prompt, int generateLength, RowParallel parallel)
    {
        var session = new InferenceSession(model.Network, prompt.Length + generateLength, parallel);
        var tokens = new int[generateLength];
        var stopwatch = Stopwatch.StartNew();
        var logits = session.Evaluate(prompt);
        var promptSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        for (var i = 0; i < generateLength; i++)
        {
            tokens[i] = TokenSampler.ArgMax(logits);
            logits = session.Evaluate([tokens[i]]);
        }

        return new Measured(prompt.Length / promptSeconds, generateLength / stopwatch.Elapsed.TotalSeconds, tokens);
    }

    /// <summary>One llama.cpp run (after a warm-up run) in a node process, on exactly the same prompt tokens.</summary>
    private static Measured MeasureLlamaCpp(string nodeModules, string modelPath, IReadOnlyList<AdapterReference> adapters, int[] prompt, int generateLength, int threads)
    {
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine("bench", "llamacpp", "speed.mjs"), "--node-modules", nodeModules, "--model", modelPath,
            "--prompt-ids", string.Join(',', prompt), "--generate", generateLength.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture), "--repeat", "1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (adapters.Count > 0)
        {
            start.ArgumentList.Add("--adapter");
            start.ArgumentList.Add(adapters[0].Path);
            start.ArgumentList.Add("--adapter-scale");
            start.ArgumentList.Add(adapters[0].Scale.ToString(CultureInfo.InvariantCulture));
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench/llamacpp/speed.mjs failed ({process.ExitCode}): {error}");
        }

        using var document = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        var root = document.RootElement;
        return new Measured(
            root.GetProperty("promptTokensPerSecond").GetDouble(),
            root.GetProperty("generationTokensPerSecond").GetDouble(),
            [.. root.GetProperty("tokens").EnumerateArray().Select(token => token.GetInt32())]);
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

    private sealed record Measured(double PromptTokensPerSecond, double GenerationTokensPerSecond, int[] Tokens);
}
