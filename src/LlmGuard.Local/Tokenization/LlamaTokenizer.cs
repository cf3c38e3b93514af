using System.Globalization;
using System.Text;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Tokenization;

/// <summary>
/// The LLaMA SentencePiece tokenizer driven by the GGUF vocabulary. Encoding: prefix a space, turn spaces into
/// "▁", split into characters, then repeatedly merge the adjacent pair whose concatenation is a vocabulary piece
/// with the highest score (leftmost on ties); characters no piece covers become their UTF-8 bytes as &lt;0xNN&gt;
/// tokens. This is the same procedure llama.cpp uses for "llama" vocabularies.
/// </summary>
internal sealed class LlamaTokenizer : ITokenizer
{
    public const string SpaceMarker = "\u2581";

    private readonly string[] pieces;
    private readonly float[] scores;
    private readonly LlamaTokenType[] types;
    private readonly Dictionary<string, int> mergeablePieces = new(StringComparer.Ordinal);
    private readonly int[] byteTokens = new int[256];
    private readonly HashSet<int> endOfGeneration;

    public LlamaTokenizer(string[] pieces, float[] scores, LlamaTokenType[] types, int bosId, int eosId, bool addBos, bool addSpacePrefix, IEnumerable<int>? endOfTurnIds = null)
    {
        if (scores.Length != pieces.Length || types.Length != pieces.Length)
        {
            throw new InvalidDataException("Token, score and token-type lists differ in length.");
        }

        this.pieces = pieces;
        this.scores = scores;
        this.types = types;
        BosId = bosId;
        EosId = eosId;
        AddBos = addBos;
        AddSpacePrefix = addSpacePrefix;
        endOfGeneration = [eosId, .. endOfTurnIds ?? []];
        Array.Fill(byteTokens, -1);
        for (var id = 0; id < pieces.Length; id++)
        {
            switch (types[id])
            {
                case LlamaTokenType.Byte when TryParseByte(pieces[id], out var value):
                    byteTokens[value] = id;
                    break;
                case LlamaTokenType.Normal or LlamaTokenType.UserDefined or LlamaTokenType.Unused or LlamaTokenType.Undefined:
                    mergeablePieces.TryAdd(pieces[id], id);
                    break;
            }
        }
    }

    public int VocabularySize => pieces.Length;

    public int BosId { get; }

    public int EosId { get; }

    public bool AddBos { get; }

    public bool AddSpacePrefix { get; }

    public static LlamaTokenizer FromGguf(GgufFile file)
    {
        var model = file.GetString("tokenizer.ggml.model");
        if (model != "llama")
        {
            throw new NotSupportedException($"Tokenizer model '{model ?? "(none)"}' is not supported; this runtime reads 'llama' (SentencePiece) vocabularies.");
        }

        var tokens = file.GetStringArray("tokenizer.ggml.tokens") ?? throw new InvalidDataException("The GGUF file has no tokenizer.ggml.tokens.");
        var scores = file.GetFloatArray("tokenizer.ggml.scores") ?? new float[tokens.Length];
        var types = file.GetIntArray("tokenizer.ggml.token_type")?.Select(type => (LlamaTokenType)type).ToArray()
            ?? Enumerable.Repeat(LlamaTokenType.Normal, tokens.Length).ToArray();
        return new LlamaTokenizer(
            tokens,
            scores,
            types,
            (int)(file.GetInteger("tokenizer.ggml.bos_token_id") ?? 1),
            (int)(file.GetInteger("tokenizer.ggml.eos_token_id") ?? 2),
            file.GetBool("tokenizer.ggml.add_bos_token") ?? true,
            file.GetBool("tokenizer.ggml.add_space_prefix") ?? true,
            new[] { "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id" }
                .Select(key => file.GetInteger(key))
                .Where(id => id is >= 0 && id < tokens.Length)
                .Select(id => (int)id!.Value));
    }

    public string PieceOf(int id) => pieces[id];

    public bool IsEndOfGeneration(int id) => endOfGeneration.Contains(id);

    public int? SpecialTokenId(string text)
    {
        for (var id = 0; id < pieces.Length; id++)
        {
            if (types[id] is LlamaTokenType.Control or LlamaTokenType.UserDefined && pieces[id] == text)
            {
                return id;
            }
        }

        return null;
    }

    public int[] Encode(string text, bool addBos)
    {
        var output = new List<int>();
        if (addBos && AddBos)
        {
            output.Add(BosId);
        }

        if (text.Length == 0)
        {
            return [.. output];
        }

        var escaped = ((AddSpacePrefix ? " " : string.Empty) + text).Replace(" ", SpaceMarker, StringComparison.Ordinal);
        EncodePieces(escaped, output);
        return [.. output];
    }

    /// <summary>The bytes a token stands for: its piece with "▁" as a space, one raw byte for &lt;0xNN&gt; tokens, nothing for control tokens.</summary>
    public byte[] DecodeToBytes(int id)
    {
        if ((uint)id >= (uint)pieces.Length)
        {
            return [];
        }

        return types[id] switch
        {
            LlamaTokenType.Control => [],
            LlamaTokenType.Byte when TryParseByte(pieces[id], out var value) => [value],
            _ => Encoding.UTF8.GetBytes(pieces[id].Replace(SpaceMarker, " ", StringComparison.Ordinal)),
        };
    }

    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            bytes.AddRange(DecodeToBytes(id));
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private void EncodePieces(string text, List<int> output)
    {
        // One symbol per Unicode scalar (surrogate pairs stay together); merged symbols grow leftwards-linked.
        var symbols = new List<Symbol>();
        for (var index = 0; index < text.Length;)
        {
            var length = char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
            symbols.Add(new Symbol(index, length, symbols.Count - 1, index + length < text.Length ? symbols.Count + 1 : -1));
            index += length;
        }

        var queue = new PriorityQueue<Bigram, (float NegatedScore, int Left)>();
        void TryAddBigram(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }

            var merged = text.Substring(symbols[left].Start, symbols[left].Length + symbols[right].Length);
            if (mergeablePieces.TryGetValue(merged, out var id))
            {
                queue.Enqueue(new Bigram(left, right, merged.Length), (-scores[id], left));
            }
        }

        for (var i = 1; i < symbols.Count; i++)
        {
            TryAddBigram(i - 1, i);
        }

        while (queue.TryDequeue(out var bigram, out _))
        {
            var left = symbols[bigram.Left];
            var right = symbols[bigram.Right];
            if (left.Length == 0 || right.Length == 0 || left.Length + right.Length != bigram.Length)
            {
                continue; // one side was merged into something else since this pair was queued
            }

            symbols[bigram.Left] = left with { Length = left.Length + right.Length, Next = right.Next };
            symbols[bigram.Right] = right with { Length = 0 };
            if (right.Next >= 0)
            {
                symbols[right.Next] = symbols[right.Next] with { Previous = bigram.Left };
            }

            TryAddBigram(symbols[bigram.Left].Previous, bigram.Left);
            TryAddBigram(bigram.Left, symbols[bigram.Left].Next);
        }

        for (var i = 0; i != -1 && symbols.Count > 0; i = symbols[i].Next)
        {
            var piece = text.Substring(symbols[i].Start, symbols[i].Length);
            if (mergeablePieces.TryGetValue(piece, out var id))
            {
                output.Add(id);
                continue;
            }

            foreach (var value in Encoding.UTF8.GetBytes(piece))
            {
                var byteToken = byteTokens[value];
                output.Add(byteToken >= 0 ? byteToken : UnknownOrThrow(piece));
            }
        }
    }

    private static int UnknownOrThrow(string piece) =>
        throw new InvalidOperationException($"The vocabulary can encode neither '{piece}' nor its bytes (no byte-fallback tokens).");

    private static bool TryParseByte(string piece, out byte value)
    {
        value = 0;
        return piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
            && byte.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }

    private readonly record struct Symbol(int Start, int Length, int Previous, int Next);

    private readonly record struct Bigram(int Left, int Right, int Length);
}
