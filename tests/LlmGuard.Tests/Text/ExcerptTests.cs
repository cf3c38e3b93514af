using LlmGuard.Text;

namespace LlmGuard.Tests.Text;

public sealed class ExcerptTests
{
    [TestCase("")]
    [TestCase("plain ASCII text")]
    [TestCase("accents: é, ü, ß")]
    [TestCase("😀 an emoji, then two 😀😀")]
    [TestCase("lone high \uD83D at the end \uD83D")]
    [TestCase("\uDE00 lone low first, reversed pair \uDE00\uD83D")]
    [TestCase("mixed \uD83D\uDE00\uD83D\uD83D\uDE00\uDE00")]
    public void Count_characters_counts_Unicode_scalar_values_like_EnumerateRunes(string text)
    {
        Assert.That(Excerpt.CountCharacters(text), Is.EqualTo(text.EnumerateRunes().Count()));
    }
}
