using LlmGuard.Local.Adapters;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Inference;

/// <summary>All weights of a LLaMA model, built from the GGUF tensors.</summary>
internal sealed record LlamaWeights(WeightMatrix TokenEmbedding, IReadOnlyList<LayerWeights> Layers, float[] OutputNorm, WeightMatrix Output)
{
    private const string TokenEmbeddingName = "token_embd.weight";
    private const string OutputName = "output.weight";

    public static LlamaWeights FromGguf(GgufFile file, LlamaConfig config)
    {
        GgufTensor Tensor(string name) => file.TensorsByName.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"The GGUF file has no tensor '{name}'.");

        WeightMatrix Matrix(string name, int rows, int columns) => WeightMatrices.FromTensor(Tensor(name), rows, columns);

        float[] Vector(string name, int length)
        {
            var tensor = Tensor(name);
            return tensor.Info.ElementCount == length
                ? TensorDecoding.ToFloats(tensor)
                : throw new InvalidDataException($"Tensor '{name}' has {tensor.Info.ElementCount} elements; expected {length}.");
        }

        var embeddingTensor = Tensor(TokenEmbeddingName);
        var vocabularySize = checked((int)embeddingTensor.Info.Dimensions[^1]);
        var embedding = config.EmbeddingLength;
        var queryDimension = config.HeadDimension * config.HeadCount;
        var keyValueDimension = config.KeyValueDimension;
        var layers = new List<LayerWeights>(config.BlockCount);
        for (var i = 0; i < config.BlockCount; i++)
        {
            var prefix = $"blk.{i}.";
            layers.Add(new LayerWeights(
                Vector(prefix + "attn_norm.weight", embedding),
                Matrix(prefix + "attn_q.weight", queryDimension, embedding),
                Matrix(prefix + "attn_k.weight", keyValueDimension, embedding),
                Matrix(prefix + "attn_v.weight", keyValueDimension, embedding),
                Matrix(prefix + "attn_output.weight", embedding, queryDimension),
                Vector(prefix + "ffn_norm.weight", embedding),
                Matrix(prefix + "ffn_gate.weight", config.FeedForwardLength, embedding),
                Matrix(prefix + "ffn_up.weight", config.FeedForwardLength, embedding),
                Matrix(prefix + "ffn_down.weight", embedding, config.FeedForwardLength)));
        }

        var tokenEmbedding = Matrix(TokenEmbeddingName, vocabularySize, embedding);
        var output = file.TensorsByName.ContainsKey(OutputName)
            ? Matrix(OutputName, vocabularySize, embedding)
            : tokenEmbedding; // tied embeddings
        return new LlamaWeights(tokenEmbedding, layers, Vector("output_norm.weight", embedding), output);
    }

    /// <summary>
    /// The same weights with the adapters' low-rank updates on the matrices they name; the base matrices are shared,
    /// not copied. A target the model lacks, or a pair whose shape does not fit its matrix, is an error.
    /// </summary>
    public LlamaWeights WithAdapters(IReadOnlyList<(LoraAdapter Adapter, float Scale)> adapters)
    {
        var matrices = NamedMatrices();
        var deltas = new Dictionary<string, List<LoraDelta>>(StringComparer.Ordinal);
        foreach (var (adapter, scale) in adapters)
        {
            foreach (var pair in adapter.Pairs)
            {
                if (!matrices.TryGetValue(pair.Target, out var matrix))
                {
                    throw new InvalidDataException($"Adapter '{adapter.Name}' adapts '{pair.Target}', which is not a weight matrix of the base model (wrong base model?).");
                }

                var delta = CreateDelta(pair, matrix, adapter, scale);
                if (!deltas.TryGetValue(pair.Target, out var list))
                {
                    deltas[pair.Target] = list = [];
                }

                list.Add(delta);
            }
        }

        WeightMatrix Adapted(string name, WeightMatrix matrix) =>
            deltas.TryGetValue(name, out var list) ? new AdaptedMatrix(matrix, list) : matrix;

        var layers = Layers.Select((layer, i) =>
        {
            var prefix = $"blk.{i}.";
            return layer with
            {
                Query = Adapted(prefix + "attn_q.weight", layer.Query),
                Key = Adapted(prefix + "attn_k.weight", layer.Key),
                Value = Adapted(prefix + "attn_v.weight", layer.Value),
                AttentionOutput = Adapted(prefix + "attn_output.weight", layer.AttentionOutput),
                Gate = Adapted(prefix + "ffn_gate.weight", layer.Gate),
                Up = Adapted(prefix + "ffn_up.weight", layer.Up),
                Down = Adapted(prefix + "ffn_down.weight", layer.Down),
            };
        }).ToList();
        var tokenEmbedding = Adapted(TokenEmbeddingName, TokenEmbedding);

        // With tied embeddings the output matrix is the embedding: an embedding adapter (flipped layout) changes the
        // look-up only, as its A cannot multiply a hidden state.
        var output = ReferenceEquals(Output, TokenEmbedding) ? tokenEmbedding : Adapted(OutputName, Output);
        return new LlamaWeights(tokenEmbedding, layers, OutputNorm, output);
    }

    private Dictionary<string, WeightMatrix> NamedMatrices()
    {
        var matrices = new Dictionary<string, WeightMatrix>(StringComparer.Ordinal) { [TokenEmbeddingName] = TokenEmbedding };
        if (!ReferenceEquals(Output, TokenEmbedding))
        {
            matrices[OutputName] = Output;
        }

        for (var i = 0; i < Layers.Count; i++)
        {
            var prefix = $"blk.{i}.";
            var layer = Layers[i];
            matrices[prefix + "attn_q.weight"] = layer.Query;
            matrices[prefix + "attn_k.weight"] = layer.Key;
            matrices[prefix + "attn_v.weight"] = layer.Value;
            matrices[prefix + "attn_output.weight"] = layer.AttentionOutput;
            matrices[prefix + "ffn_gate.weight"] = layer.Gate;
            matrices[prefix + "ffn_up.weight"] = layer.Up;
            matrices[prefix + "ffn_down.weight"] = layer.Down;
        }

        return matrices;
    }

    private static LoraDelta CreateDelta(LoraTensorPair pair, WeightMatrix matrix, LoraAdapter adapter, float scale)
    {
        var a = pair.A.Info.Dimensions;
        var b = pair.B.Info.Dimensions;
        var embedding = pair.Target == TokenEmbeddingName;
        var fits = embedding
            ? b[1] == matrix.Columns && a[1] == matrix.Rows && a[0] == b[0]
            : a[0] == matrix.Columns && b[1] == matrix.Rows && a[1] == b[0];
        if (!fits || b[0] < 1)
        {
            throw new InvalidDataException(
                $"The LoRA pair for '{pair.Target}' has shapes lora_a [{string.Join(", ", a)}] and lora_b [{string.Join(", ", b)}], which do not fit the base matrix [{matrix.Columns}, {matrix.Rows}] (wrong base model?).");
        }

        return new LoraDelta(
            WeightMatrices.FromTensor(pair.A, checked((int)a[1]), checked((int)a[0])),
            WeightMatrices.FromTensor(pair.B, checked((int)b[1]), checked((int)b[0])),
            adapter.Multiplier(scale, pair.Rank),
            embedding);
    }
}
