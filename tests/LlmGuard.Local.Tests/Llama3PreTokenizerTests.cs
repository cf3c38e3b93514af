using LlmGuard.Local.Tokenization;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class Llama3PreTokenizerTests
{
    [TestCase("a   b", new[] { "a", "  ", " b" })]
    [TestCase("1234567", new[] { "123", "456", "7" })]
    [TestCase("don't", new[] { "don", "'t" })]
    [TestCase("'tis", new[] { "'t", "is" })]
    [TestCase("WE'LL", new[] { "WE", "'LL" })]
    [TestCase(" 'stop'", new[] { " '", "stop", "'" })]
    [TestCase("x\n\n  y", new[] { "x", "\n\n", " ", " y" })]
    [TestCase("end  ", new[] { "end", "  " })]
    [TestCase("a\r\nb", new[] { "a", "\r\n", "b" })]
    [TestCase("½²Ⅻ3", new[] { "½²Ⅻ", "3" })]
    [TestCase("e\u0301t\u00e9", new[] { "e", "\u0301t\u00e9" })]
    [TestCase("𝐀𝐁 𝟏𝟐", new[] { "𝐀𝐁", " ", "𝟏𝟐" })]
    [TestCase("hi!!\n\nok", new[] { "hi", "!!\n\n", "ok" })]
    [TestCase("\u00a0x", new[] { "\u00a0x" })]
    public void Splits_like_the_llama3_pattern(string text, string[] expected)
    {
        var pieces = Llama3PreTokenizer.Split(text).Select(piece => text.Substring(piece.Start, piece.Length));
        Assert.That(pieces, Is.EqualTo(expected));
    }
}
