using System.Security.Cryptography;
using LlmGuard.IO;
using LlmGuard.Local.Demo;

namespace LlmGuard.Local;

/// <summary>
/// A tiny LLaMA-architecture demo model and a LoRA fine-tune for it, generated on the machine from a seed — never downloaded, never committed.
/// Both files are byte-identical everywhere (their SHA-256 values are published here). The base model answers with
/// word sequences from a seeded bigram table shaped by the prompt; the fine-tune is a LoRA adapter for it (rank 8, on
/// every block and output matrix, seeded), enough to change some greedy replies but not most.
/// </summary>
internal static class DemoModels
{
    /// <summary>File name of the base model.</summary>
    public const string BaseFileName = "llmguard-demo-base.gguf";

    /// <summary>File name of the fine-tune: a LoRA adapter for the base model.</summary>
    public const string FineTunedFileName = "llmguard-demo-finetuned-lora.gguf";

    /// <summary>The base model's <c>general.name</c> (its model id).</summary>
    public const string BaseModelName = "llmguard-demo-base";

    /// <summary>The fine-tune adapter's <c>general.name</c> (the fine-tuned model's id is <c>llmguard-demo-base+llmguard-demo-finetuned</c>).</summary>
    public const string FineTunedModelName = "llmguard-demo-finetuned";

    /// <summary>Lower-case hex SHA-256 of the base model file.</summary>
    public const string BaseSha256 = "7075388dabc55dfeb8b3bd7f43ed5a29aaf9fb3a67570336e3252cfc426034ac";

    /// <summary>Lower-case hex SHA-256 of the fine-tune adapter file.</summary>
    public const string FineTunedSha256 = "750106fa4e2164b4029529c9fc4512b56a25476be9c1414bd99c5137ad3bb615";

    /// <summary>Short prompts whose greedy replies show the demo models' behaviour (and drift between them).</summary>
    public static IReadOnlyList<string> SamplePrompts { get; } = DemoPrompts.All;

    /// <summary>
    /// Writes the demo model and its fine-tune adapter into <paramref name="directory"/> unless files with the right SHA-256 are already
    /// there. Each file is written to a temporary name and renamed, so a reader never sees half a model.
    /// </summary>
    public static DemoModelPaths EnsureCreated(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var paths = new DemoModelPaths(Path.Combine(directory, BaseFileName), Path.Combine(directory, FineTunedFileName));
        EnsureFile(paths.BasePath, BaseSha256, () => Build(fineTuned: false));
        EnsureFile(paths.FineTunedPath, FineTunedSha256, () => Build(fineTuned: true));
        return paths;
    }

    /// <summary>The base model's bytes, or (<paramref name="fineTuned"/>) the fine-tune adapter's.</summary>
    internal static byte[] Build(bool fineTuned, DemoModelDesign? design = null)
    {
        var builder = new DemoModelBuilder(design ?? new DemoModelDesign());
        return fineTuned ? builder.BuildFineTuneAdapter(FineTunedModelName) : builder.Build(BaseModelName);
    }

    private static void EnsureFile(string path, string expectedSha256, Func<byte[]> build)
    {
        if (File.Exists(path) && Sha256Of(path) == expectedSha256)
        {
            return;
        }

        var bytes = build();
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != expectedSha256)
        {
            throw new InvalidOperationException($"The generated demo model {Path.GetFileName(path)} has SHA-256 {actual}, not {expectedSha256}: the generator is not deterministic on this machine.");
        }

        AtomicFile.WriteAllBytes(path, bytes);
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
