using System.Text.Json;
using LlmGuard.Local.Adapters;
using LlmGuard.Local.Chat;

namespace LlmGuard.Local.Tests;

/// <summary>Reproduces llama.cpp's greedy decoding with the shared LoRA adapter at two scales.</summary>
[TestFixture]
public sealed class LoraOracleTests
{
    [TestCase("lora-tiny-r4.greedy.json", 1.0f)]
    [TestCase("lora-tiny-r4.scale-0.5.greedy.json", 0.5f)]
    public void Greedy_decoding_with_the_adapter_matches_every_sequence(string oracleFile, float scale)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedModels.RequireFile(oracleFile)));
        Assert.That(document.RootElement.GetProperty("adapter_scale").GetDouble(), Is.EqualTo(scale));
        var model = LoadAdapted(scale);
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        var mismatches = new List<string>();
        foreach (var oracleCase in cases)
        {
            var input = Ids(oracleCase, "input_ids");
            var expected = Ids(oracleCase, "greedy_ids");
            var actual = OracleTests.Greedy(model, input, expected.Length);
            if (!actual.SequenceEqual(expected))
            {
                mismatches.Add($"{oracleCase.GetProperty("prompt").GetString()}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            }
        }

        Assert.That(mismatches, Is.Empty, $"{cases.Count - mismatches.Count}/{cases.Count} greedy sequences matched");
    }

    [Test]
    public void The_adapter_changes_the_sequences_the_oracle_says_it_changes()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedModels.RequireFile("lora-tiny-r4.greedy.json")));
        var baseModel = ModelCache.Get(SharedModels.RequireFile("llama-2-tiny-random.gguf"));
        var changed = document.RootElement.GetProperty("cases").EnumerateArray()
            .Count(oracleCase =>
            {
                var baseIds = Ids(oracleCase, "base_greedy_ids");
                return !OracleTests.Greedy(baseModel, Ids(oracleCase, "input_ids"), baseIds.Length).SequenceEqual(Ids(oracleCase, "greedy_ids"));
            });
        Assert.That(changed, Is.EqualTo(document.RootElement.GetProperty("changed_by_adapter").GetInt32()));
    }

    [Test]
    public void Thread_count_does_not_change_a_single_token_with_the_adapter()
    {
        var model = LoadAdapted(1f);
        var prompt = model.Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 12)), addBos: true);
        Assert.That(OracleTests.Greedy(model, prompt, 24, threads: 2), Is.EqualTo(OracleTests.Greedy(model, prompt, 24, threads: 1)));
    }

    [Test]
    public void Identity_carries_the_adapter_digest_and_scale()
    {
        var adapterPath = SharedModels.RequireFile("lora-tiny-r4.gguf");
        using var plain = new LocalChatClient(SharedModels.RequireFile("llama-2-tiny-random.gguf"));
        using var adapted = new LocalChatClient(new LocalModelOptions { ModelPath = SharedModels.RequireFile("llama-2-tiny-random.gguf"), AdapterPath = adapterPath, AdapterScale = 0.5f });
        var adapterSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(adapterPath)));
        Assert.Multiple(() =>
        {
            Assert.That(adapted.Identity.Digest, Is.EqualTo(plain.Identity.Digest + "+sha256:" + adapterSha));
            Assert.That(adapted.Identity.Details["adapters"], Does.Contain("rank 4").And.Contain("alpha 8").And.Contain("scale 0.5"));
            Assert.That(adapted.Identity.ResolvedModelId, Does.StartWith(plain.Identity.ResolvedModelId + "+"));
            Assert.That(plain.Identity.Details.ContainsKey("adapters"), Is.False);
        });
    }

    [Test]
    public void An_adapter_for_another_model_is_refused_with_the_tensor_named()
    {
        Assert.That(
            () => LoadedModel.Load(SharedModels.RequireFile("llama-random-gqa-f16.gguf"), adapterReferences: [new AdapterReference(SharedModels.RequireFile("lora-tiny-r4.gguf"), 1f)]),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("blk.0.").And.Message.Contains("wrong base model"));
    }

    [Test]
    public void An_adapter_is_not_a_model()
    {
        Assert.That(
            () => LoadedModel.Load(SharedModels.RequireFile("lora-tiny-r4.gguf")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("adapter"));
    }

    internal static LoadedModel LoadAdapted(float scale) => AdaptedModels.GetOrAdd(scale, s => new Lazy<LoadedModel>(() => LoadedModel.Load(
        SharedModels.RequireFile("llama-2-tiny-random.gguf"),
        adapterReferences: [new AdapterReference(SharedModels.RequireFile("lora-tiny-r4.gguf"), s)]))).Value;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<float, Lazy<LoadedModel>> AdaptedModels = new();

    private static int[] Ids(JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(id => id.GetInt32()).ToArray();
}
