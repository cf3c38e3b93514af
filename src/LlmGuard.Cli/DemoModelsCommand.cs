using System.CommandLine;
using LlmGuard.Gating;
using LlmGuard.Local;

namespace LlmGuard.Cli;

/// <summary><c>llmguard demo-models</c>: generate the two demo GGUF models (runs also do this on first use).</summary>
internal static class DemoModelsCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Option<string?>("--directory")
        {
            Description = $"Where to write them. Default: ${LocalProvider.ModelsDirectoryVariable}, else ~/.cache/llmguard/models.",
        };
        var command = new Command("demo-models", "Generate the demo models (a tiny LLaMA-architecture base model and a LoRA fine-tune adapter for it), byte-identical on every machine.")
        {
            directory,
        };
        command.SetAction(parseResult =>
        {
            var target = parseResult.GetValue(directory) ?? LocalProvider.ModelsDirectory(context.GetEnvironmentVariable);
            var paths = DemoModels.EnsureCreated(target);
            context.Out.WriteLine($"{LocalProvider.DemoModel,-15} {paths.BasePath}  sha256:{DemoModels.BaseSha256}");
            context.Out.WriteLine($"{LocalProvider.FineTunedDemoModel,-15} {paths.FineTunedPath}  sha256:{DemoModels.FineTunedSha256}");
            return ExitCodes.Passed;
        });
        return command;
    }
}
