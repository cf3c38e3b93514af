using System.Text;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Tests;

/// <summary>Crafted GGUF headers are refused with a reason before anything large is allocated.</summary>
[TestFixture]
public sealed class GgufHostileHeaderTests
{
    private const uint ArrayType = 9;
    private const uint UInt32Type = 4;
    private const uint StringType = 8;

    [Test]
    public void Counts_and_lengths_beyond_the_file_are_refused()
    {
        var cases = new Dictionary<string, (byte[] Bytes, string Message)>
        {
            ["huge metadata count"] = (Header(tensors: 0, metadata: int.MaxValue), "metadata count 2147483647 is more than the rest of the file can hold"),
            ["huge tensor count"] = (Header(tensors: 1UL << 40, metadata: 0), "tensor count 1099511627776 is more than"),
            ["string past the end"] = (Concat(Header(0, 1), U64(1_000_000_000), Encoding.UTF8.GetBytes("abc"), new byte[64]), "string length of 1000000000 bytes"),
            ["huge array"] = (Concat(Header(0, 1), Text("a"), U32(ArrayType), U32(UInt32Type), U64(500_000_000), new byte[64]), "array element count 500000000 is more than"),
            ["huge string array"] = (Concat(Header(0, 1), Text("a"), U32(ArrayType), U32(StringType), U64(100_000), new byte[64]), "array element count 100000"),
            ["deep arrays"] = (Concat(Header(0, 1), Text("a"), U32(ArrayType), Concat([.. Enumerable.Repeat(Concat(U32(ArrayType), U64(1)), 10_000)]), new byte[64]), "nest more than 4 deep"),
            ["offset past the end"] = (Concat(Header(1, 0), Tensor("t", [4], offset: 1UL << 62), new byte[64]), "'t' starts at offset 4611686018427387904, beyond the end of the file"),
            ["overflowing shape"] = (Concat(Header(1, 0), Tensor("t", [1UL << 40, 1UL << 40, 4, 4], offset: 0), new byte[64]), "'t' has an impossible shape"),
            ["zero dimension"] = (Concat(Header(1, 0), Tensor("t", [0], offset: 0), new byte[64]), "'t' has an impossible shape (dimension 0 is 0)"),
            ["data past the end"] = (Concat(Header(1, 0), Tensor("t", [1 << 20], offset: 0), new byte[64]), "'t' (4194304 bytes) runs past the end of the file"),
            ["duplicate names"] = (Concat(Header(2, 0), Tensor("t", [4], 0), Tensor("t", [4], 32), new byte[128]), "'t' is listed twice"),
            ["string alignment"] = (Concat(Header(0, 1), Text("general.alignment"), U32(StringType), Text("x"), new byte[64]), "general.alignment x is not a whole number"),
        };

        Assert.Multiple(() =>
        {
            foreach (var (what, (bytes, message)) in cases)
            {
                Assert.That(() => GgufReader.Read(new MemoryStream(bytes)), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message), what);
            }
        });
    }

    [Test]
    public void A_file_is_named_in_the_message()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, Header(tensors: 0, metadata: int.MaxValue));
        try
        {
            Assert.That(() => GgufReader.ReadFile(path), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(path + ": The metadata count"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Header(ulong tensors, ulong metadata) => Concat("GGUF"u8.ToArray(), U32(3), U64(tensors), U64(metadata));

    private static byte[] Tensor(string name, ulong[] dimensions, ulong offset) =>
        Concat(Text(name), U32((uint)dimensions.Length), Concat([.. dimensions.Select(U64)]), U32(0), U64(offset));

    private static byte[] Text(string text) => Concat(U64((ulong)Encoding.UTF8.GetByteCount(text)), Encoding.UTF8.GetBytes(text));

    private static byte[] U32(uint value) => BitConverter.GetBytes(value);

    private static byte[] U64(ulong value) => BitConverter.GetBytes(value);

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];
}
