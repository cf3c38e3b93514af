using LlmGuard.Local.Demo;
using LlmGuard.Local.Tokenization;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class TokenizerTests
{
    private static readonly DemoVocabulary Vocabulary = new();
    private static readonly LlamaTokenizer Tokenizer = new(Vocabulary.Pieces, Vocabulary.Scores, Vocabulary.Types, DemoVocabulary.BosId, DemoVocabulary.EosId, addBos: true, addSpacePrefix: true);

    [Test]
    public void Known_words_become_single_tokens_with_the_space_prefix()
    {
        var ids = Tokenizer.Encode("the cat", addBos: true);
        Assert.That(ids.Select(Tokenizer.PieceOf), Is.EqualTo(new[] { "<s>", "▁the", "▁cat" }));
    }

    [Test]
    public void Characters_outside_the_vocabulary_fall_back_to_utf8_byte_tokens()
    {
        var ids = Tokenizer.Encode("é", addBos: false);
        Assert.That(ids.Select(Tokenizer.PieceOf), Is.EqualTo(new[] { "▁", "<0xC3>", "<0xA9>" }));
    }

    [Test]
    public void Astral_characters_fall_back_to_four_bytes_and_decode_back()
    {
        var ids = Tokenizer.Encode("dog 🐕", addBos: false);
        Assert.Multiple(() =>
        {
            Assert.That(ids.Select(Tokenizer.PieceOf), Is.EqualTo(new[] { "▁dog", "▁", "<0xF0>", "<0x9F>", "<0x90>", "<0x95>" }));
            Assert.That(Tokenizer.Decode(ids), Is.EqualTo(" dog 🐕"));
        });
    }

    [Test]
    public void Newlines_and_unknown_words_round_trip()
    {
        const string text = "User: Zebras über\nAssistant:";
        Assert.That(Tokenizer.Decode(Tokenizer.Encode(text, addBos: true)), Is.EqualTo(" " + text));
    }

    [Test]
    public void Empty_text_is_just_the_beginning_of_sequence()
    {
        Assert.That(Tokenizer.Encode(string.Empty, addBos: true), Is.EqualTo(new[] { DemoVocabulary.BosId }));
    }

    [Test]
    public void Control_tokens_decode_to_nothing()
    {
        Assert.That(Tokenizer.Decode([DemoVocabulary.BosId, DemoVocabulary.EosId]), Is.Empty);
    }
}
