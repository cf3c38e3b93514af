using System.Globalization;
using System.Security.Cryptography;
using LlmGuard.Local;
using LlmGuard.Local.Demo;
using Microsoft.Extensions.AI;

namespace LlmGuard.Bench;

/// <summary>Greedy replies of the base demo model and the base with the fine-tune adapter to the sample prompts, and how many differ.</summary>
internal static class DemoDriftReport
{
    public static int Run(string[] arguments)
    {
        var design = new DemoModelDesign();
        var maxTokens = 20;
        var verbose = false;
        foreach (var argument in arguments)
        {
            if (argument == "--verbose")
            {
                verbose = true;
                continue;
            }

            var (key, value) = (argument.Split('=')[0], argument.Split('=')[1]);
            if (key == "tokens")
            {
                maxTokens = int.Parse(value, CultureInfo.InvariantCulture);
                continue;
            }

            design = Override(design, key, value);
        }

        var directory = Directory.CreateTempSubdirectory("llmguard-demo-").FullName;
        try
        {
            var basePath = Path.Combine(directory, "base.gguf");
            var fineTunedPath = Path.Combine(directory, "finetuned-lora.gguf");
            var baseBytes = DemoModels.Build(fineTuned: false, design);
            var fineTunedBytes = DemoModels.Build(fineTuned: true, design);
            File.WriteAllBytes(basePath, baseBytes);
            File.WriteAllBytes(fineTunedPath, fineTunedBytes);
            Console.WriteLine($"base      sha256:{Convert.ToHexStringLower(SHA256.HashData(baseBytes))} ({baseBytes.Length} bytes)");
            Console.WriteLine($"finetuned sha256:{Convert.ToHexStringLower(SHA256.HashData(fineTunedBytes))} ({fineTunedBytes.Length} bytes)");
            using var baseClient = new LocalChatClient(new LocalModelOptions { ModelPath = basePath, Threads = 1 });
            using var fineTunedClient = new LocalChatClient(new LocalModelOptions { ModelPath = basePath, AdapterPath = fineTunedPath, Threads = 1 });
            var options = new ChatOptions { MaxOutputTokens = maxTokens, Temperature = 0 };
            var differing = 0;
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prompt in DemoPrompts.All)
            {
                var baseReply = baseClient.GetResponseAsync(prompt, options).GetAwaiter().GetResult().Text;
                var fineTunedReply = fineTunedClient.GetResponseAsync(prompt, options).GetAwaiter().GetResult().Text;
                distinct.Add(baseReply);
                var differs = baseReply != fineTunedReply;
                differing += differs ? 1 : 0;
                Console.WriteLine($"{(differs ? "DIFF" : "same")}  {prompt}");
                Console.WriteLine($"      base: {baseReply}");
                if (differs || verbose)
                {
                    Console.WriteLine($"      tuned: {fineTunedReply}");
                }
            }

            Console.WriteLine($"{differing}/{DemoPrompts.All.Length} greedy replies ({maxTokens} tokens) differ between base and fine-tuned ({100.0 * differing / DemoPrompts.All.Length:F0}%); {distinct.Count} distinct base replies.");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static DemoModelDesign Override(DemoModelDesign design, string key, string value)
    {
        var property = typeof(DemoModelDesign).GetProperty(key) ?? throw new ArgumentException($"Unknown design knob '{key}'.");
        var copy = design with { };
        property.SetValue(copy, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
        return copy;
    }
}
