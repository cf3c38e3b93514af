using LlmGuard.Local.Tokenization;

namespace LlmGuard.Local.Demo;

/// <summary>
/// The demo models' SentencePiece vocabulary: &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, the 256 byte-fallback tokens, "▁",
/// single characters, and every prefix of every "▁word" — the prefixes are what lets the pair-merging tokenizer
/// build a whole word one character at a time, so each listed word encodes as a single token.
/// </summary>
internal sealed class DemoVocabulary
{
    public const int UnknownId = 0;
    public const int BosId = 1;
    public const int EosId = 2;

    private const string SingleCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?':;-\"()";

    public DemoVocabulary()
    {
        var pieces = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<LlamaTokenType> { LlamaTokenType.Unknown, LlamaTokenType.Control, LlamaTokenType.Control };
        for (var value = 0; value < 256; value++)
        {
            pieces.Add($"<0x{value:X2}>");
            types.Add(LlamaTokenType.Byte);
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int Add(string piece)
        {
            if (!index.TryGetValue(piece, out var id))
            {
                id = pieces.Count;
                index[piece] = id;
                pieces.Add(piece);
                types.Add(LlamaTokenType.Normal);
            }

            return id;
        }

        Add(LlamaTokenizer.SpaceMarker);
        foreach (var character in SingleCharacters)
        {
            Add(character.ToString());
        }

        int AddWord(string word)
        {
            var marked = LlamaTokenizer.SpaceMarker + word;
            for (var length = 2; length < marked.Length; length++)
            {
                Add(marked[..length]);
            }

            return Add(marked);
        }

        WordIds = DemoWordList.Words.Select(AddWord).ToArray();
        TemplateWordIds = DemoWordList.TemplateWords.Select(AddWord).ToArray();
        PeriodId = index["."];
        Pieces = [.. pieces];
        Types = [.. types];
        Scores = Enumerable.Range(0, Pieces.Length).Select(id => (float)-id).ToArray();
    }

    public string[] Pieces { get; }

    public LlamaTokenType[] Types { get; }

    public float[] Scores { get; }

    /// <summary>Token id of each word of <see cref="DemoWordList.Words"/>, in list order.</summary>
    public int[] WordIds { get; }

    public int[] TemplateWordIds { get; }

    public int PeriodId { get; }

    public int Size => Pieces.Length;
}
