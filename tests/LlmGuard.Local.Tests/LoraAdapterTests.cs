using System.Runtime.InteropServices;
using LlmGuard.Local.Adapters;
using LlmGuard.Local.Chat;
using LlmGuard.Local.Gguf;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Tests;

/// <summary>Hand-made adapters on the shared tiny model: the embedding's flipped layout, the output matrix, F16 tensors, refusals.</summary>
[TestFixture]
public sealed class LoraAdapterTests
{
    private const int Embedding = 8;
    private const int Vocabulary = 32000;

    [Test]
    public void An_embedding_adapter_adds_s_times_B_times_the_tokens_row_of_A()
    {
        var random = new SplitMix64(1);
        var a = Values(random, 2 * Vocabulary); // ne [2, 32000]: one r-vector per token
        var b = Values(random, 2 * Embedding); // ne [2, 8]
        var model = LoadWith(Write(alpha: 4f, ("token_embd.weight", GgmlType.F32, [2, Vocabulary], a), ("token_embd.weight", GgmlType.F32, [2, Embedding], b)), scale: 0.5f);
        var baseModel = ModelCache.Get(SharedModels.RequireFile("llama-2-tiny-random.gguf"));

        const int token = 15043;
        var adapted = new float[Embedding];
        model.Network.Weights.TokenEmbedding.CopyRow(token, adapted);
        var expected = new float[Embedding];
        baseModel.Network.Weights.TokenEmbedding.CopyRow(token, expected);
        var multiplier = 0.5f * 4f / 2;
        for (var e = 0; e < Embedding; e++)
        {
            var update = DeterministicDot.DotScalarReference(b.AsSpan(e * 2, 2), a.AsSpan(token * 2, 2)) * multiplier;
            expected[e] += update;
        }

        Assert.That(adapted, Is.EqualTo(expected));
    }

    [Test]
    public void An_output_adapter_in_F16_changes_the_logits_by_s_times_B_times_A_x()
    {
        var random = new SplitMix64(2);
        var a = Values(random, Embedding * 4).Select(value => (float)(Half)value).ToArray(); // ne [8, 4]
        var b = Values(random, 4 * Vocabulary).Select(value => (float)(Half)value).ToArray(); // ne [4, 32000]
        var model = LoadWith(Write(alpha: 0f, ("output.weight", GgmlType.F16, [Embedding, 4], a), ("output.weight", GgmlType.F16, [4, Vocabulary], b)), scale: 0.25f);
        var baseModel = ModelCache.Get(SharedModels.RequireFile("llama-2-tiny-random.gguf"));
        var x = Values(random, Embedding);

        var adapted = new float[Vocabulary];
        model.Network.Weights.Output.Multiply(x, 1, adapted, new RowParallel(2));
        var expected = new float[Vocabulary];
        baseModel.Network.Weights.Output.Multiply(x, 1, expected, new RowParallel(1));
        var reduced = Enumerable.Range(0, 4).Select(r => DeterministicDot.DotScalarReference(a.AsSpan(r * Embedding, Embedding), x)).ToArray();
        for (var v = 0; v < Vocabulary; v++)
        {
            var update = DeterministicDot.DotScalarReference(b.AsSpan(v * 4, 4), reduced) * 0.25f; // alpha 0: s = scale
            expected[v] += update;
        }

        Assert.That(adapted.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }

    [TestCase("missing", "missing its lora_b")]
    [TestCase("unexpected", "unexpected name")]
    [TestCase("shape", "do not fit")]
    [TestCase("unknown-target", "not a weight matrix of the base model")]
    public void Malformed_adapters_are_refused_naming_the_tensor(string defect, string message)
    {
        var random = new SplitMix64(3);
        (string, GgmlType, long[], float[])[] tensors = defect switch
        {
            "missing" => [("blk.0.attn_q.weight.lora_a", GgmlType.F32, [Embedding, 2], Values(random, 16))],
            "unexpected" => [("blk.0.attn_q.weight.lora_c", GgmlType.F32, [Embedding, 2], Values(random, 16))],
            "shape" => [("blk.0.attn_q.weight.lora_a", GgmlType.F32, [Embedding + 8, 2], Values(random, 32)), ("blk.0.attn_q.weight.lora_b", GgmlType.F32, [2, Embedding], Values(random, 16))],
            _ => [("blk.7.attn_q.weight.lora_a", GgmlType.F32, [Embedding, 2], Values(random, 16)), ("blk.7.attn_q.weight.lora_b", GgmlType.F32, [2, Embedding], Values(random, 16))],
        };
        var path = WriteRaw(alpha: 2f, tensors);
        Assert.That(() => LoadedModel.Load(SharedModels.RequireFile("llama-2-tiny-random.gguf"), adapterReferences: [new AdapterReference(path, 1f)]),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(message));
    }

    private static LoadedModel LoadWith(string adapterPath, float scale) =>
        LoadedModel.Load(SharedModels.RequireFile("llama-2-tiny-random.gguf"), adapterReferences: [new AdapterReference(adapterPath, scale)]);

    private static string Write(float alpha, (string Target, GgmlType Type, long[] Dimensions, float[] Values) a, (string Target, GgmlType Type, long[] Dimensions, float[] Values) b) =>
        WriteRaw(alpha, [(a.Target + ".lora_a", a.Type, a.Dimensions, a.Values), (b.Target + ".lora_b", b.Type, b.Dimensions, b.Values)]);

    private static string WriteRaw(float alpha, (string Name, GgmlType Type, long[] Dimensions, float[] Values)[] tensors)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"adapter-{Guid.NewGuid():N}.gguf");
        using var stream = File.Create(path);
        GgufWriter.Write(
            stream,
            3,
            [
                new("general.architecture", GgufMetadataValue.String("llama")),
                new("general.type", GgufMetadataValue.String("adapter")),
                new("adapter.type", GgufMetadataValue.String("lora")),
                new("adapter.lora.alpha", GgufMetadataValue.Float32(alpha)),
            ],
            [.. tensors.Select(tensor => (tensor.Name, tensor.Type, tensor.Dimensions, Bytes(tensor.Type, tensor.Values)))]);
        return path;
    }

    private static byte[] Bytes(GgmlType type, float[] values) => type == GgmlType.F16
        ? MemoryMarshal.AsBytes(values.Select(value => (Half)value).ToArray().AsSpan()).ToArray()
        : MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static float[] Values(SplitMix64 random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * 0.2)).ToArray();
}
