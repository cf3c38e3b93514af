namespace LlmGuard.Local.Tokenization;

/// <summary>A GGUF vocabulary's tokenizer: text to token ids and token ids back to bytes.</summary>
internal interface ITokenizer
{
    int VocabularySize { get; }

    int BosId { get; }

    int EosId { get; }

    /// <summary>Whether <see cref="Encode"/> puts BOS in front when asked to (<c>tokenizer.ggml.add_bos_token</c>).</summary>
    bool AddBos { get; }

    /// <summary>The vocabulary string of a token (for debugging and tests).</summary>
    string PieceOf(int id);

    /// <summary>Encodes text as plain text: control-token text in it is not turned into control tokens.</summary>
    int[] Encode(string text, bool addBos);

    /// <summary>The bytes a token stands for; nothing for control tokens.</summary>
    byte[] DecodeToBytes(int id);

    /// <summary>Whether generation ends at this token (end of sequence, end of turn).</summary>
    bool IsEndOfGeneration(int id);

    /// <summary>The id of a control or user-defined token with exactly this text, if the vocabulary has one.</summary>
    int? SpecialTokenId(string text);

    string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            bytes.AddRange(DecodeToBytes(id));
        }

        return System.Text.Encoding.UTF8.GetString([.. bytes]);
    }
}
