using System.Text;
using LlmGuard.Local.Gguf;
using Microsoft.ML.Tokenizers;

namespace LlmGuard.Local.Tokenization;

/// <summary>
/// The byte-level BPE tokenizer of GGUF vocabularies with <c>tokenizer.ggml.model = gpt2</c> and the Llama 3
/// pre-tokenizer (<c>tokenizer.ggml.pre = llama-bpe</c>), as llama.cpp runs it: user-defined tokens are matched in the
/// text first (control tokens never are: their text is plain text); each remaining stretch is split by
/// <see cref="Llama3PreTokenizer"/>; each piece's UTF-8 bytes are written in GPT-2's byte alphabet; a piece that is a
/// vocabulary entry as a whole is one token (llama-bpe's ignore_merges), else Microsoft.ML.Tokenizers' BPE merges it
/// by merge rank (ties leftmost) and looks up the symbols.
/// </summary>
internal sealed class ByteLevelBpeTokenizer : ITokenizer
{
    private static readonly HashSet<string> EndOfTurnTexts = new(StringComparer.Ordinal) { "<|eot_id|>", "<|eom_id|>", "<|end_of_text|>" };

    private readonly string[] pieces;
    private readonly LlamaTokenType[] types;
    private readonly Dictionary<string, int> vocabulary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> specialTokens = new(StringComparer.Ordinal);
    private readonly (string Text, int Id)[] userDefinedTokens;
    private readonly HashSet<int> endOfGeneration;
    private readonly BpeTokenizer bpe;

    public ByteLevelBpeTokenizer(string[] pieces, LlamaTokenType[] types, string[] merges, int bosId, int eosId, bool addBos, IEnumerable<int> endOfTurnIds)
    {
        if (types.Length != pieces.Length)
        {
            throw new InvalidDataException("Token and token-type lists differ in length.");
        }

        if (pieces.Length == 0)
        {
            throw new InvalidDataException("The byte-level BPE vocabulary (tokenizer.ggml.tokens) is empty.");
        }

        foreach (var (key, id) in new[] { ("tokenizer.ggml.bos_token_id", bosId), ("tokenizer.ggml.eos_token_id", eosId) })
        {
            if ((uint)id >= (uint)pieces.Length)
            {
                throw new InvalidDataException($"{key} is {id}, which is not a token of the {pieces.Length}-token vocabulary.");
            }
        }

        this.pieces = pieces;
        this.types = types;
        BosId = bosId;
        EosId = eosId;
        AddBos = addBos;
        for (var id = 0; id < pieces.Length; id++)
        {
            vocabulary.TryAdd(pieces[id], id);
            if (types[id] is LlamaTokenType.Control or LlamaTokenType.UserDefined)
            {
                specialTokens.TryAdd(pieces[id], id);
            }
        }

        // Every byte must have its one-symbol token, or text holding it has no encoding (BPE merges start from single bytes).
        var missing = Enumerable.Range(0, 256).Where(value => !vocabulary.ContainsKey(ByteLevelEncoding.Encode([(byte)value]))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The byte-level BPE vocabulary lacks the one-byte tokens of {missing.Count} byte value(s) (first: 0x{missing[0]:X2}, written '{ByteLevelEncoding.Encode([(byte)missing[0]])}'), so not every text can be encoded.");
        }

        userDefinedTokens = [.. Enumerable.Range(0, pieces.Length)
            .Where(id => types[id] == LlamaTokenType.UserDefined && pieces[id].Length > 0)
            .Select(id => (pieces[id], id))
            .OrderByDescending(token => token.Item1.Length)
            .ThenBy(token => token.id)];
        endOfGeneration = [eosId, .. endOfTurnIds.Where(id => (uint)id < (uint)pieces.Length)];
        foreach (var (text, id) in specialTokens.Where(token => EndOfTurnTexts.Contains(token.Key) && types[token.Value] == LlamaTokenType.Control))
        {
            endOfGeneration.Add(id);
        }

        try
        {
            bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = merges,
                PreTokenizer = null,
                ByteLevel = false,
            });
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The byte-level BPE vocabulary cannot be loaded (tokenizer.ggml.merges): {exception.Message}", exception);
        }
    }

    public int VocabularySize => pieces.Length;

    public int BosId { get; }

    public int EosId { get; }

    public bool AddBos { get; }

    public static ByteLevelBpeTokenizer FromGguf(GgufFile file)
    {
        var pre = file.GetString("tokenizer.ggml.pre") ?? "default";
        if (pre is not ("llama-bpe" or "llama3" or "llama-v3"))
        {
            throw new NotSupportedException($"The byte-level BPE pre-tokenizer '{pre}' is not supported; this runtime reads 'llama-bpe' (Llama 3) vocabularies.");
        }

        var tokens = file.GetStringArray("tokenizer.ggml.tokens") ?? throw new InvalidDataException("The GGUF file has no tokenizer.ggml.tokens.");
        var merges = file.GetStringArray("tokenizer.ggml.merges") ?? throw new InvalidDataException("The GGUF file has no tokenizer.ggml.merges.");
        var types = file.GetIntArray("tokenizer.ggml.token_type")?.Select(type => (LlamaTokenType)type).ToArray()
            ?? Enumerable.Repeat(LlamaTokenType.Normal, tokens.Length).ToArray();
        var endOfTurn = new[] { "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id" }
            .Select(key => file.GetInteger(key))
            .Where(id => id is >= 0 && id < tokens.Length)
            .Select(id => (int)id!.Value);
        return new ByteLevelBpeTokenizer(
            tokens,
            types,
            merges,
            (int)(file.GetInteger("tokenizer.ggml.bos_token_id") ?? 128000),
            (int)(file.GetInteger("tokenizer.ggml.eos_token_id") ?? 128001),
            file.GetBool("tokenizer.ggml.add_bos_token") ?? true,
            endOfTurn);
    }

    public string PieceOf(int id) => pieces[id];

    public int? SpecialTokenId(string text) => specialTokens.TryGetValue(text, out var id) ? id : null;

    public bool IsEndOfGeneration(int id) => endOfGeneration.Contains(id);

    public int[] Encode(string text, bool addBos)
    {
        var output = new List<int>();
        if (addBos && AddBos)
        {
            output.Add(BosId);
        }

        foreach (var (fragment, tokenId) in SplitOnUserDefinedTokens(text))
        {
            if (tokenId is { } id)
            {
                output.Add(id);
                continue;
            }

            foreach (var (start, length) in Llama3PreTokenizer.Split(fragment))
            {
                EncodePiece(ByteLevelEncoding.Encode(Encoding.UTF8.GetBytes(fragment, start, length)), output);
            }
        }

        return [.. output];
    }

    public byte[] DecodeToBytes(int id)
    {
        if ((uint)id >= (uint)pieces.Length)
        {
            return [];
        }

        return types[id] switch
        {
            LlamaTokenType.Control => [],
            LlamaTokenType.UserDefined => Encoding.UTF8.GetBytes(pieces[id]),
            _ => ByteLevelEncoding.Decode(pieces[id]),
        };
    }

    private void EncodePiece(string mapped, List<int> output)
    {
        if (vocabulary.TryGetValue(mapped, out var whole))
        {
            output.Add(whole);
            return;
        }

        var ids = bpe.EncodeToIds(mapped, considerPreTokenization: false, considerNormalization: false);
        if (ids.Count == 0)
        {
            throw new InvalidOperationException($"The vocabulary cannot encode '{mapped}'.");
        }

        output.AddRange(ids);
    }

    /// <summary>Text fragments and user-defined tokens, matched longest first as llama.cpp does.</summary>
    private List<(string Text, int? Id)> SplitOnUserDefinedTokens(string text)
    {
        var fragments = new List<(string Text, int? Id)> { (text, null) };
        foreach (var (tokenText, tokenId) in userDefinedTokens)
        {
            var next = new List<(string Text, int? Id)>(fragments.Count);
            foreach (var fragment in fragments)
            {
                if (fragment.Id is not null)
                {
                    next.Add(fragment);
                    continue;
                }

                var rest = fragment.Text;
                for (var at = rest.IndexOf(tokenText, StringComparison.Ordinal); at >= 0; at = rest.IndexOf(tokenText, StringComparison.Ordinal))
                {
                    if (at > 0)
                    {
                        next.Add((rest[..at], null));
                    }

                    next.Add((tokenText, tokenId));
                    rest = rest[(at + tokenText.Length)..];
                }

                if (rest.Length > 0)
                {
                    next.Add((rest, null));
                }
            }

            fragments = next;
        }

        return fragments;
    }
}
