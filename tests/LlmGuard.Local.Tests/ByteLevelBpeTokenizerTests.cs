using System.Text;
using LlmGuard.Local.Tokenization;

namespace LlmGuard.Local.Tests;

/// <summary>The byte-level BPE tokenizer on crafted vocabularies: what it needs is checked when it is built, with the reason.</summary>
[TestFixture]
public sealed class ByteLevelBpeTokenizerTests
{
    private const string Bos = "<|begin_of_text|>";
    private const string Eos = "<|end_of_text|>";

    /// <summary>Every one-byte symbol, the merged "hi" and "Ġhi", then the two control tokens.</summary>
    private static List<string> Pieces() =>
        [.. Enumerable.Range(0, 256).Select(value => ByteLevelEncoding.Encode([(byte)value])), "hi", "Ġhi", Bos, Eos];

    private static ByteLevelBpeTokenizer Create(List<string> pieces, int? bosId = null, int? eosId = null)
    {
        var types = pieces.Select(piece => piece is Bos or Eos ? LlamaTokenType.Control : LlamaTokenType.Normal).ToArray();
        return new ByteLevelBpeTokenizer([.. pieces], types, ["h i", "Ġ hi"], bosId ?? pieces.IndexOf(Bos), eosId ?? pieces.IndexOf(Eos), addBos: true, endOfTurnIds: [9_999]);
    }

    [Test]
    public void A_complete_crafted_vocabulary_encodes_merges_and_decodes_back_to_the_bytes()
    {
        var tokenizer = Create(Pieces());
        const string Text = "hi hi\n\u00e9\u0000";

        var ids = tokenizer.Encode(Text, addBos: true);
        var bytes = ids.SelectMany(tokenizer.DecodeToBytes).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(ids[0], Is.EqualTo(tokenizer.BosId));
            Assert.That(ids.Select(tokenizer.PieceOf), Does.Contain("hi").And.Contain("Ġhi"));
            Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(Text), "the BOS decodes to nothing, every byte back");
            Assert.That(tokenizer.IsEndOfGeneration(tokenizer.EosId), Is.True);
            Assert.That(tokenizer.DecodeToBytes(-1), Is.Empty);
            Assert.That(tokenizer.DecodeToBytes(100_000), Is.Empty);
        });
    }

    [Test]
    public void A_piece_outside_the_byte_alphabet_decodes_to_its_own_utf8()
    {
        var pieces = Pieces();
        pieces.Add("日本\ud800");
        var tokenizer = Create(pieces);

        Assert.That(Encoding.UTF8.GetString(tokenizer.DecodeToBytes(pieces.Count - 1)), Is.EqualTo("日本\ufffd"));
    }

    [Test]
    public void A_vocabulary_missing_a_one_byte_symbol_is_refused_naming_the_byte()
    {
        var pieces = Pieces();
        pieces[10] = "gone";

        Assert.That(() => Create(pieces), Throws.TypeOf<InvalidDataException>().With.Message.Contains("lacks the one-byte tokens of 1 byte value(s) (first: 0x0A, written 'Ċ')"));
    }

    [TestCase(500, null, "tokenizer.ggml.bos_token_id is 500, which is not a token of the 260-token vocabulary")]
    [TestCase(-1, null, "tokenizer.ggml.bos_token_id is -1")]
    [TestCase(null, 260, "tokenizer.ggml.eos_token_id is 260")]
    public void Bos_and_eos_outside_the_vocabulary_are_refused_naming_the_key(int? bosId, int? eosId, string message)
    {
        Assert.That(() => Create(Pieces(), bosId, eosId), Throws.TypeOf<InvalidDataException>().With.Message.Contains(message));
    }

    [Test]
    public void An_empty_vocabulary_is_refused()
    {
        Assert.That(() => Create([], 0, 0), Throws.TypeOf<InvalidDataException>().With.Message.Contains("is empty"));
    }
}
