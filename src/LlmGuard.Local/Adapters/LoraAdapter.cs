using System.Globalization;
using LlmGuard.Local.Gguf;

namespace LlmGuard.Local.Adapters;

/// <summary>
/// A LoRA adapter read from llama.cpp's GGUF adapter format: <c>general.type = adapter</c>, <c>adapter.type = lora</c>,
/// <c>adapter.lora.alpha</c>, and for each adapted base matrix <c>W</c> a pair <c>W.lora_a</c> / <c>W.lora_b</c>.
/// <c>*_norm.weight</c> tensors are skipped (as llama.cpp does); any other tensor name is an error.
/// </summary>
internal sealed class LoraAdapter
{
    private LoraAdapter(string name, string architecture, float alpha, IReadOnlyList<LoraTensorPair> pairs, string sha256Hex)
    {
        Name = name;
        Architecture = architecture;
        Alpha = alpha;
        Pairs = pairs;
        Sha256Hex = sha256Hex;
    }

    public string Name { get; }

    public string Architecture { get; }

    /// <summary><c>adapter.lora.alpha</c>; 0 when absent, which makes the multiplier the user's scale alone.</summary>
    public float Alpha { get; }

    /// <summary>The adapted base matrices, in file order of their <c>lora_a</c> tensors.</summary>
    public IReadOnlyList<LoraTensorPair> Pairs { get; }

    public string Sha256Hex { get; }

    /// <summary>The largest rank of any pair (adapters normally use one rank throughout).</summary>
    public int Rank => Pairs.Count == 0 ? 0 : Pairs.Max(pair => pair.Rank);

    public long ParameterCount => Pairs.Sum(pair => pair.A.Info.ElementCount + pair.B.Info.ElementCount);

    public static LoraAdapter Load(string path)
    {
        var file = GgufReader.ReadFile(path);
        return FromGguf(file, Path.GetFileNameWithoutExtension(path));
    }

    public static LoraAdapter FromGguf(GgufFile file, string fallbackName)
    {
        var generalType = file.GetString("general.type");
        if (generalType != "adapter")
        {
            throw new InvalidDataException($"Not an adapter: general.type is '{generalType ?? "(none)"}', expected 'adapter'.");
        }

        var adapterType = file.GetString("adapter.type");
        if (adapterType != "lora")
        {
            throw new NotSupportedException($"Adapter type '{adapterType ?? "(none)"}' is not supported; only 'lora' adapters are.");
        }

        if (file.Metadata.ContainsKey("adapter.alora.invocation_tokens"))
        {
            throw new NotSupportedException("Activated LoRA adapters (adapter.alora.invocation_tokens) are not supported.");
        }

        var architecture = file.GetString("general.architecture") ?? throw new InvalidDataException("The adapter has no general.architecture.");
        var alpha = (float)(file.GetFloat("adapter.lora.alpha") ?? file.GetInteger("adapter.lora.alpha") ?? 0);
        var halves = new Dictionary<string, (GgufTensor? A, GgufTensor? B)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var tensor in file.Tensors)
        {
            var name = tensor.Info.Name;
            if (name.EndsWith(".lora_a", StringComparison.Ordinal) || name.EndsWith(".lora_b", StringComparison.Ordinal))
            {
                var target = name[..^".lora_a".Length];
                if (!halves.TryGetValue(target, out var pair))
                {
                    order.Add(target);
                }

                halves[target] = name.EndsWith('a') ? (tensor, pair.B) : (pair.A, tensor);
            }
            else if (!name.EndsWith("_norm.weight", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Adapter tensor '{name}' has an unexpected name (expected '<weight>.lora_a' or '<weight>.lora_b').");
            }
        }

        var pairs = new List<LoraTensorPair>(order.Count);
        foreach (var target in order)
        {
            var (a, b) = halves[target];
            if (a is null || b is null)
            {
                throw new InvalidDataException($"The LoRA pair for '{target}' is missing its {(a is null ? "lora_a" : "lora_b")} tensor.");
            }

            if (a.Info.Dimensions.Count != 2 || b.Info.Dimensions.Count != 2)
            {
                throw new InvalidDataException($"The LoRA tensors of '{target}' must be matrices.");
            }

            pairs.Add(new LoraTensorPair(target, a, b));
        }

        var adapterName = file.GetString("general.name") is { Length: > 0 } named ? named : fallbackName;
        return new LoraAdapter(adapterName, architecture, alpha, pairs, file.Sha256Hex);
    }

    /// <summary>llama.cpp's multiplier: scale × alpha / rank, or the scale alone when alpha is 0 (float arithmetic, left to right).</summary>
    public float Multiplier(float scale, int rank) => Alpha != 0 ? scale * Alpha / rank : scale;

    public string Describe(float scale) => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name} (lora, rank {Rank}, alpha {Alpha:R}, scale {scale:R})");
}
