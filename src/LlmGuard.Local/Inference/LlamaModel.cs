using LlmGuard.Local.Adapters;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Inference;

/// <summary>A loaded LLaMA model: hyperparameters, weights and the rope frequencies derived from them. Immutable and shared by sessions.</summary>
internal sealed class LlamaModel
{
    public LlamaModel(LlamaConfig config, LlamaWeights weights)
    {
        Config = config;
        Weights = weights;
        var pairs = config.RopeDimensionCount / 2;
        RopeFrequencies = new double[pairs];
        var logBase = DeterministicMath.Log(config.RopeFrequencyBase);
        for (var i = 0; i < pairs; i++)
        {
            RopeFrequencies[i] = DeterministicMath.Exp(-(2.0 * i / config.RopeDimensionCount) * logBase);
        }
    }

    public LlamaConfig Config { get; }

    public LlamaWeights Weights { get; }

    public int VocabularySize => Weights.TokenEmbedding.Rows;

    /// <summary>θ_i = base^(−2i/d) for each rotated pair i.</summary>
    public double[] RopeFrequencies { get; }

    public static LlamaModel FromGguf(GgufFile file)
    {
        var config = LlamaConfig.FromGguf(file);
        return new LlamaModel(config, LlamaWeights.FromGguf(file, config));
    }

    /// <summary>This model with LoRA adapters applied (the base weights are shared).</summary>
    public LlamaModel WithAdapters(IReadOnlyList<(LoraAdapter Adapter, float Scale)> adapters) =>
        adapters.Count == 0 ? this : new LlamaModel(Config, Weights.WithAdapters(adapters));
}
