using System.Runtime.InteropServices;
using LlmGuard.Local.Gguf;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Demo;

/// <summary>
/// Builds the demo LLaMA models from a seed, with weights laid out by hand so that greedy output reads as words:
/// <list type="bullet">
/// <item>The residual stream has a "meaning" half (dimensions 0–63), an "identity" half (64–125), a filler
/// dimension (126) and a constant bias dimension (127). Word embeddings are seeded uniform noise in both halves;
/// every other token (template words, pieces, bytes) has only the filler, so it neither means nor repeats anything.</item>
/// <item>The output matrix turns a seeded bigram table into logits: word u's row is the gain-weighted sum of the
/// meaning vectors of the words it follows. Its identity half penalises the tokens the stream carries (no repeats);
/// its bias entry pushes non-words (prefix pieces, bytes) far down.</item>
/// <item>In each block, two heads attend uniformly and copy a slice of the context's average meaning (replies
/// depend on the whole prompt), two heads attend to recent positions through rope (a constant query and key on one
/// rotated pair make the score a cosine of the distance) and copy their identity (the repetition penalty).</item>
/// <item>SwiGLU feed-forward weights are small seeded noise.</item>
/// </list>
/// Only IEEE +, −, × and ÷ are used, in a fixed order, so the bytes are the same on every machine.
/// </summary>
internal sealed class DemoModelBuilder(DemoModelDesign design)
{
    private const int MeaningStart = 0;
    private const int MeaningLength = 64;
    private const int IdentityStart = 64;
    private const int IdentityLength = 62;
    private const int FillerDimension = 126;
    private const int BiasDimension = 127;
    private const int RecencyRopePair = 4; // θ = 10000^(−8/32) = 0.1 rad per position
    private const float SqrtThree = 1.7320508f;

    /// <summary>The base model's GGUF bytes.</summary>
    public byte[] Build(string name)
    {
        var (vocabulary, tensors) = BuildTensors();
        var gguf = tensors.Select(tensor => tensor.Matrix
            ? (tensor.Name, GgmlType.F16, tensor.Dimensions, ToHalfBytes(tensor.Values))
            : (tensor.Name, GgmlType.F32, tensor.Dimensions, MemoryMarshal.AsBytes(tensor.Values.AsSpan()).ToArray())).ToList();
        using var stream = new MemoryStream();
        GgufWriter.Write(stream, 3, Metadata(vocabulary, name), gguf);
        return stream.ToArray();
    }

    /// <summary>
    /// The fine-tune: a LoRA adapter (llama.cpp's GGUF adapter format, F32) on every block matrix and the output
    /// matrix of the base. A and B are seeded uniform noise sized so that the RMS of the update s·B·A is
    /// <see cref="DemoModelDesign.FineTuneScale"/> times the RMS of the matrix it adapts.
    /// </summary>
    public byte[] BuildFineTuneAdapter(string name)
    {
        var (_, tensors) = BuildTensors();
        var rank = design.AdapterRank;
        var multiplier = design.AdapterAlpha / rank;
        var random = new SplitMix64(design.FineTuneSeed);
        var gguf = new List<(string Name, GgmlType Type, long[] Dimensions, byte[] Data)>();
        foreach (var tensor in tensors.Where(tensor => tensor.Matrix && tensor.Name != "token_embd.weight"))
        {
            var columns = tensor.Dimensions[0];
            var rows = tensor.Dimensions[1];
            double sumOfSquares = 0;
            foreach (var value in tensor.Values)
            {
                sumOfSquares += (double)value * value;
            }

            // RMS of B·A with entries uniform in ±g is sqrt(rank) × g² / 3.
            var rms = Math.Sqrt(sumOfSquares / tensor.Values.Length);
            var gain = (float)Math.Sqrt(3.0 * design.FineTuneScale * rms / (multiplier * Math.Sqrt(rank)));
            var a = Noise(random, (int)(rank * columns), gain);
            var b = Noise(random, (int)(rows * rank), gain);
            gguf.Add((tensor.Name + ".lora_a", GgmlType.F32, [columns, rank], MemoryMarshal.AsBytes(a.AsSpan()).ToArray()));
            gguf.Add((tensor.Name + ".lora_b", GgmlType.F32, [rank, rows], MemoryMarshal.AsBytes(b.AsSpan()).ToArray()));
        }

        using var stream = new MemoryStream();
        GgufWriter.Write(
            stream,
            3,
            [
                new("general.architecture", GgufMetadataValue.String("llama")),
                new("general.type", GgufMetadataValue.String("adapter")),
                new("general.name", GgufMetadataValue.String(name)),
                new("adapter.type", GgufMetadataValue.String("lora")),
                new("adapter.lora.alpha", GgufMetadataValue.Float32(design.AdapterAlpha)),
            ],
            gguf);
        return stream.ToArray();
    }

    private (DemoVocabulary Vocabulary, List<(string Name, float[] Values, long[] Dimensions, bool Matrix)> Tensors) BuildTensors()
    {
        var d = design.EmbeddingLength;
        if (d != 128 || design.HeadCount != 4 || design.KeyValueHeadCount != 2)
        {
            throw new NotSupportedException("The demo layout is written for 128 dimensions, 4 heads and 2 key/value heads.");
        }

        var vocabulary = new DemoVocabulary();
        var random = new SplitMix64(design.Seed);
        var vocabularySize = vocabulary.Size;
        var headDimension = d / design.HeadCount;
        var keyValueDimension = headDimension * design.KeyValueHeadCount;

        // Only words (and the period) carry meaning and identity; template words, pieces and bytes put the same
        // energy into the filler dimension instead, so after "Assistant:" the prompt's words alone choose the reply.
        var isWord = new HashSet<int>(vocabulary.WordIds) { vocabulary.PeriodId };
        var fillerValue = MathF.Sqrt(MeaningLength + IdentityLength);
        var embedding = new float[vocabularySize * d];
        for (var token = 0; token < vocabularySize; token++)
        {
            var row = embedding.AsSpan(token * d, d);
            for (var i = 0; i < FillerDimension; i++)
            {
                var value = Uniform(random) * SqrtThree;
                row[i] = isWord.Contains(token) ? value : 0f;
            }

            row[FillerDimension] = isWord.Contains(token) ? 0f : fillerValue;
            row[BiasDimension] = 1f;
        }

        var output = BuildOutput(vocabulary, embedding, random);

        var tensors = new List<(string Name, float[] Values, long[] Dimensions, bool Matrix)>
        {
            ("token_embd.weight", embedding, [d, vocabularySize], true),
        };
        var ones = Enumerable.Repeat(1f, d).ToArray();
        var recencyWeight = MathF.Sqrt(design.RecencySharpness * MathF.Sqrt(headDimension));
        for (var layer = 0; layer < design.BlockCount; layer++)
        {
            var query = new float[d * d];
            var key = new float[keyValueDimension * d];
            var value = new float[keyValueDimension * d];
            var attentionOutput = new float[d * d];
            var slice = layer * headDimension;
            for (var head = 2; head < 4; head++)
            {
                query[(((head * headDimension) + (2 * RecencyRopePair)) * d) + BiasDimension] = recencyWeight;
            }

            key[(((1 * headDimension) + (2 * RecencyRopePair)) * d) + BiasDimension] = recencyWeight;
            for (var j = 0; j < headDimension; j++)
            {
                var meaning = MeaningStart + slice + j;
                if (meaning < MeaningStart + MeaningLength)
                {
                    value[(j * d) + meaning] = 1f;
                    attentionOutput[(meaning * d) + j] = design.MeaningCopy;
                }

                var identity = IdentityStart + slice + j;
                if (identity < IdentityStart + IdentityLength)
                {
                    value[((headDimension + j) * d) + identity] = 1f;
                    attentionOutput[(identity * d) + (2 * headDimension) + j] = design.IdentityCopy;
                }
            }

            var prefix = $"blk.{layer}.";
            tensors.Add((prefix + "attn_norm.weight", ones, [d], false));
            tensors.Add((prefix + "attn_q.weight", query, [d, d], true));
            tensors.Add((prefix + "attn_k.weight", key, [d, keyValueDimension], true));
            tensors.Add((prefix + "attn_v.weight", value, [d, keyValueDimension], true));
            tensors.Add((prefix + "attn_output.weight", attentionOutput, [d, d], true));
            tensors.Add((prefix + "ffn_norm.weight", ones, [d], false));
            tensors.Add((prefix + "ffn_gate.weight", Noise(random, design.FeedForwardLength * d, design.FeedForwardScale), [d, design.FeedForwardLength], true));
            tensors.Add((prefix + "ffn_up.weight", Noise(random, design.FeedForwardLength * d, design.FeedForwardScale), [d, design.FeedForwardLength], true));
            tensors.Add((prefix + "ffn_down.weight", Noise(random, design.FeedForwardLength * d, design.FeedForwardScale), [design.FeedForwardLength, d], true));
        }

        tensors.Add(("output_norm.weight", ones, [d], false));
        tensors.Add(("output.weight", output, [d, vocabularySize], true));

        return (vocabulary, tensors);
    }

    private float[] BuildOutput(DemoVocabulary vocabulary, float[] embedding, SplitMix64 random)
    {
        var d = design.EmbeddingLength;
        var output = new float[vocabulary.Size * d];
        var words = vocabulary.WordIds;
        var predictable = new HashSet<int>(words) { vocabulary.PeriodId };
        var sources = words.Append(vocabulary.PeriodId).ToArray();

        // Seeded bigram table: each source gets distinct successors with descending weights; some words may end
        // a sentence.
        foreach (var source in sources)
        {
            var successors = new List<int>();
            if (source != vocabulary.PeriodId && random.NextDouble() < design.PeriodChance)
            {
                successors.Add(vocabulary.PeriodId);
            }

            while (successors.Count < design.SuccessorsPerWord)
            {
                var candidate = words[(int)(random.NextUInt64() % (ulong)words.Length)];
                if (candidate != source && !successors.Contains(candidate))
                {
                    successors.Add(candidate);
                }
            }

            for (var rank = 0; rank < successors.Count; rank++)
            {
                var weight = design.BigramGain * (1f - (0.12f * rank)) * (0.9f + (0.2f * (float)random.NextDouble())) / MeaningLength;
                var row = successors[rank] * d;
                for (var i = MeaningStart; i < MeaningStart + MeaningLength; i++)
                {
                    output[row + i] += weight * embedding[(source * d) + i];
                }
            }
        }

        for (var token = 0; token < vocabulary.Size; token++)
        {
            var row = token * d;
            for (var i = IdentityStart; i < IdentityStart + IdentityLength; i++)
            {
                output[row + i] = -design.RepeatPenalty * embedding[row + i] / IdentityLength;
            }

            output[row + BiasDimension] = token == DemoVocabulary.EosId ? design.EndOfSequenceBias
                : predictable.Contains(token) ? 0f
                : design.NonWordBias;
        }

        return output;
    }

    private IReadOnlyList<KeyValuePair<string, GgufMetadataValue>> Metadata(DemoVocabulary vocabulary, string name) =>
    [
        new("general.architecture", GgufMetadataValue.String("llama")),
        new("general.name", GgufMetadataValue.String(name)),
        new("general.file_type", GgufMetadataValue.UInt32(1)),
        new("llama.context_length", GgufMetadataValue.UInt32((uint)design.ContextLength)),
        new("llama.embedding_length", GgufMetadataValue.UInt32((uint)design.EmbeddingLength)),
        new("llama.block_count", GgufMetadataValue.UInt32((uint)design.BlockCount)),
        new("llama.feed_forward_length", GgufMetadataValue.UInt32((uint)design.FeedForwardLength)),
        new("llama.rope.dimension_count", GgufMetadataValue.UInt32((uint)(design.EmbeddingLength / design.HeadCount))),
        new("llama.rope.freq_base", GgufMetadataValue.Float32(10000f)),
        new("llama.attention.head_count", GgufMetadataValue.UInt32((uint)design.HeadCount)),
        new("llama.attention.head_count_kv", GgufMetadataValue.UInt32((uint)design.KeyValueHeadCount)),
        new("llama.attention.layer_norm_rms_epsilon", GgufMetadataValue.Float32(1e-5f)),
        new("tokenizer.ggml.model", GgufMetadataValue.String("llama")),
        new("tokenizer.ggml.tokens", GgufMetadataValue.StringArray(vocabulary.Pieces)),
        new("tokenizer.ggml.scores", GgufMetadataValue.Float32Array(vocabulary.Scores)),
        new("tokenizer.ggml.token_type", GgufMetadataValue.Int32Array(vocabulary.Types.Select(type => (int)type).ToArray())),
        new("tokenizer.ggml.bos_token_id", GgufMetadataValue.UInt32(DemoVocabulary.BosId)),
        new("tokenizer.ggml.eos_token_id", GgufMetadataValue.UInt32(DemoVocabulary.EosId)),
        new("tokenizer.ggml.unknown_token_id", GgufMetadataValue.UInt32(DemoVocabulary.UnknownId)),
        new("tokenizer.ggml.add_bos_token", GgufMetadataValue.Bool(true)),
        new("tokenizer.ggml.add_space_prefix", GgufMetadataValue.Bool(true)),
    ];

    /// <summary>A float in [−1, 1) from 24 bits of the generator (exact in float, no rounding involved).</summary>
    private static float Uniform(SplitMix64 random) => ((int)(random.NextUInt64() >> 40) - (1 << 23)) / (float)(1 << 23);

    private static float[] Noise(SplitMix64 random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Uniform(random) * scale;
        }

        return values;
    }

    private static byte[] ToHalfBytes(float[] values)
    {
        var halves = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            halves[i] = (Half)values[i];
        }

        return MemoryMarshal.AsBytes(halves.AsSpan()).ToArray();
    }
}
