using System.Security.Cryptography;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class GgufReaderTests
{
    [TestCase(2u)]
    [TestCase(3u)]
    public void Reads_back_what_the_writer_wrote(uint version)
    {
        var bytes = WriteSample(version);

        var file = GgufReader.Read(new MemoryStream(bytes));

        Assert.Multiple(() =>
        {
            Assert.That(file.Version, Is.EqualTo(version));
            Assert.That(file.GetString("general.architecture"), Is.EqualTo("llama"));
            Assert.That(file.GetInteger("llama.block_count"), Is.EqualTo(7));
            Assert.That(file.GetFloat("llama.rope.freq_base"), Is.EqualTo(10000.0));
            Assert.That(file.GetBool("tokenizer.ggml.add_bos_token"), Is.True);
            Assert.That(file.GetStringArray("tokenizer.ggml.tokens"), Is.EqualTo(new[] { "<unk>", "▁héllo", "😀" }));
            Assert.That(file.GetFloatArray("tokenizer.ggml.scores"), Is.EqualTo(new[] { 0f, -1.5f, -2f }));
            Assert.That(file.GetIntArray("tokenizer.ggml.token_type"), Is.EqualTo(new[] { 2, 1, 1 }));
            Assert.That(file.Tensors.Select(tensor => tensor.Info.Name), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(file.TensorsByName["a"].Info.Dimensions, Is.EqualTo(new long[] { 3, 2 }));
            Assert.That(file.TensorsByName["a"].Data, Is.EqualTo(Enumerable.Range(0, 24).Select(i => (byte)i).ToArray()));
            Assert.That(file.TensorsByName["b"].Info.Type, Is.EqualTo(GgmlType.F16));
            Assert.That(file.TensorsByName["b"].Info.Offset % 32, Is.Zero);
            Assert.That(file.Sha256Hex, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
        });
    }

    [Test]
    public void Rejects_version_one_and_other_formats()
    {
        var bytes = WriteSample(3);
        bytes[4] = 1;
        Assert.Multiple(() =>
        {
            Assert.That(() => GgufReader.Read(new MemoryStream(bytes)), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("version 1"));
            Assert.That(() => GgufReader.Read(new MemoryStream("not a model"u8.ToArray())), Throws.InstanceOf<InvalidDataException>());
        });
    }

    [Test]
    public void Truncated_file_is_reported()
    {
        var bytes = WriteSample(3);
        Assert.That(() => GgufReader.Read(new MemoryStream(bytes[..^40])), Throws.InstanceOf<EndOfStreamException>());
    }

    private static byte[] WriteSample(uint version)
    {
        using var stream = new MemoryStream();
        GgufWriter.Write(
            stream,
            version,
            [
                new("general.architecture", GgufMetadataValue.String("llama")),
                new("llama.block_count", GgufMetadataValue.UInt32(7)),
                new("llama.rope.freq_base", GgufMetadataValue.Float32(10000f)),
                new("tokenizer.ggml.add_bos_token", GgufMetadataValue.Bool(true)),
                new("tokenizer.ggml.tokens", GgufMetadataValue.StringArray(["<unk>", "▁héllo", "😀"])),
                new("tokenizer.ggml.scores", GgufMetadataValue.Float32Array([0f, -1.5f, -2f])),
                new("tokenizer.ggml.token_type", GgufMetadataValue.Int32Array([2, 1, 1])),
            ],
            [
                ("a", GgmlType.F32, [3, 2], Enumerable.Range(0, 24).Select(i => (byte)i).ToArray()),
                ("b", GgmlType.F16, [5], new byte[10]),
            ]);
        return stream.ToArray();
    }
}
