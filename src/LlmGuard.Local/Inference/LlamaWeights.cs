using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Inference;

/// <summary>All weights of a LLaMA model, built from the GGUF tensors.</summary>
internal sealed record LlamaWeights(WeightMatrix TokenEmbedding, IReadOnlyList<LayerWeights> Layers, float[] OutputNorm, WeightMatrix Output)
{
    public static LlamaWeights FromGguf(GgufFile file, LlamaConfig config)
    {
        GgufTensor Tensor(string name) => file.TensorsByName.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"The GGUF file has no tensor '{name}'.");

        WeightMatrix Matrix(string name, int rows, int columns)
        {
            var tensor = Tensor(name);
            var dimensions = tensor.Info.Dimensions;
            if (dimensions.Count != 2 || dimensions[0] != columns || dimensions[1] != rows)
            {
                throw new InvalidDataException($"Tensor '{name}' has shape [{string.Join(", ", dimensions)}]; expected [{columns}, {rows}].");
            }

            return tensor.Info.Type == GgmlType.Q8_0
                ? new Q8_0Matrix(tensor.Data, rows, columns)
                : new DenseMatrix(TensorDecoding.ToFloats(tensor), rows, columns);
        }

        float[] Vector(string name, int length)
        {
            var tensor = Tensor(name);
            return tensor.Info.ElementCount == length
                ? TensorDecoding.ToFloats(tensor)
                : throw new InvalidDataException($"Tensor '{name}' has {tensor.Info.ElementCount} elements; expected {length}.");
        }

        var embeddingTensor = Tensor("token_embd.weight");
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

        var tokenEmbedding = Matrix("token_embd.weight", vocabularySize, embedding);
        var output = file.TensorsByName.ContainsKey("output.weight")
            ? Matrix("output.weight", vocabularySize, embedding)
            : tokenEmbedding; // tied embeddings
        return new LlamaWeights(tokenEmbedding, layers, Vector("output_norm.weight", embedding), output);
    }
}
