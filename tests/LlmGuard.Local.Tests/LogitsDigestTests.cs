using System.Security.Cryptography;
using System.Runtime.InteropServices;
using LlmGuard.Local.Adapters;
using LlmGuard.Local.Chat;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Tests;

/// <summary>
/// Pins the exact bits of the logits (a 40-token batched prompt, then 8 greedy steps, every logit of every step) on
/// each model, as computed by the straightforward one-row-at-a-time implementation these digests were recorded with.
/// The runtime's faster kernels must reproduce them at every thread count and on every processor.
/// </summary>
[TestFixture]
public sealed class LogitsDigestTests
{
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["llama-2-tiny-random"] = "c3f0c9d44fb65926563873325de9df4790b5fb188ec400892d1f2634e57ad0dd",
        ["llama-random-gqa-f16"] = "1f3eaf55c00e9f702838644d82a6aa0c74dee30ebe63bb4ab201a1505615e8c7",
        ["llama-random-gqa-q8"] = "592dee445238263b4eab7569f69ae88e986525fc63f72322d03fdd946f431616",
        ["llama3-bpe-tiny"] = "66cf2af22c6bd19a95e66bc29e203084a3541b2f5f00bdbc304afac018d9ed16",
        ["llama-2-tiny-random+lora-tiny-r4"] = "938bf279aa88451275c44c2ce9966d8277768cf15857764ce914e7b81de21e1f",
        ["demo"] = "03bea90d1809a88a39b124cc286e1931b043e67430fbeee4d6c4a4837f673f3c",
        ["demo+finetune"] = "f99970993cfe086507a76f1e754be921a8e1bde6511705de6378b7497b2ca3f3",
    };

    private static readonly Lazy<LoadedModel> DemoFineTune = new(() =>
        LoadedModel.Load(DemoModelFixture.Paths.BasePath, adapterReferences: [new AdapterReference(DemoModelFixture.Paths.FineTunedPath, 1f)]));

    [TestCase("llama-2-tiny-random", 1)]
    [TestCase("llama-2-tiny-random", 2)]
    [TestCase("llama-random-gqa-f16", 1)]
    [TestCase("llama-random-gqa-f16", 2)]
    [TestCase("llama-random-gqa-q8", 1)]
    [TestCase("llama-random-gqa-q8", 2)]
    [TestCase("llama3-bpe-tiny", 1)]
    [TestCase("llama3-bpe-tiny", 2)]
    [TestCase("llama-2-tiny-random+lora-tiny-r4", 1)]
    [TestCase("llama-2-tiny-random+lora-tiny-r4", 2)]
    [TestCase("demo", 1)]
    [TestCase("demo", 2)]
    [TestCase("demo+finetune", 1)]
    [TestCase("demo+finetune", 2)]
    public void Logits_are_bit_identical_to_the_recorded_ones(string name, int threads)
    {
        var model = name switch
        {
            "demo" => ModelCache.Get(DemoModelFixture.Paths.BasePath),
            "demo+finetune" => DemoFineTune.Value,
            "llama-2-tiny-random+lora-tiny-r4" => LoraOracleTests.LoadAdapted(1f),
            _ => ModelCache.Get(SharedModels.RequireFile(name + ".gguf")),
        };
        var prompt = model.Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 4)), addBos: true)[..40];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var session = new InferenceSession(model.Network, prompt.Length + 8, new RowParallel(threads));
        var logits = session.Evaluate(prompt);
        hash.AppendData(MemoryMarshal.AsBytes(logits.AsSpan()));
        for (var step = 0; step < 8; step++)
        {
            logits = session.Evaluate([TokenSampler.ArgMax(logits)]);
            hash.AppendData(MemoryMarshal.AsBytes(logits.AsSpan()));
        }

        var digest = Convert.ToHexStringLower(hash.GetHashAndReset());
        Assert.That(digest, Is.EqualTo(Expected[name]));
    }
}
