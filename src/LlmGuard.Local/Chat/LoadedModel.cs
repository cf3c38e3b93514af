using System.Diagnostics;
using System.Globalization;
using LlmGuard.Local.Adapters;
using LlmGuard.Local.Gguf;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Tokenization;
using LlmGuard.Results;

namespace LlmGuard.Local.Chat;

/// <summary>Everything read from one GGUF file: the network, its tokenizer, its name and its identity.</summary>
internal sealed class LoadedModel
{
    private LoadedModel(LlamaModel network, ITokenizer tokenizer, IChatTemplate chatTemplate, string name, ModelIdentity identity, TimeSpan loadTime)
    {
        Network = network;
        Tokenizer = tokenizer;
        ChatTemplate = chatTemplate;
        Name = name;
        Identity = identity;
        LoadTime = loadTime;
    }

    public LlamaModel Network { get; }

    public ITokenizer Tokenizer { get; }

    /// <summary>The chat layout: Llama 3's when the GGUF's <c>tokenizer.chat_template</c> is Llama 3's, else the runtime's plain one.</summary>
    public IChatTemplate ChatTemplate { get; }

    public string Name { get; }

    public ModelIdentity Identity { get; }

    public TimeSpan LoadTime { get; }

    public static LoadedModel Load(string path, string? modelIdOverride = null, IReadOnlyList<AdapterReference>? adapterReferences = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var file = GgufReader.ReadFile(path);
        if (file.GetString("general.type") == "adapter")
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is a LoRA adapter (general.type = adapter), not a model: load it as the adapter of its base model.");
        }

        var network = LlamaModel.FromGguf(file);
        var tokenizer = TokenizerFactory.FromGguf(file);
        if (tokenizer.VocabularySize != network.VocabularySize)
        {
            throw new InvalidDataException($"The vocabulary has {tokenizer.VocabularySize} tokens but the embedding has {network.VocabularySize} rows.");
        }

        var architecture = file.GetString("general.architecture") ?? "llama";
        var adapters = new List<(LoraAdapter Adapter, float Scale)>();
        foreach (var reference in adapterReferences ?? [])
        {
            var adapter = LoraAdapter.Load(reference.Path);
            if (adapter.Architecture != architecture)
            {
                throw new InvalidDataException($"The adapter {Path.GetFileName(reference.Path)} is for architecture '{adapter.Architecture}'; the model is '{architecture}'.");
            }

            adapters.Add((adapter, reference.Scale));
        }

        network = network.WithAdapters(adapters);
        var baseName = file.GetString("general.name") ?? Path.GetFileNameWithoutExtension(path);
        var name = modelIdOverride ?? string.Concat(adapters.Select(adapter => "+" + adapter.Adapter.Name).Prepend(baseName));
        var details = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["architecture"] = architecture,
            ["parameters"] = file.Tensors.Sum(tensor => tensor.Info.ElementCount).ToString(CultureInfo.InvariantCulture),
            ["quantization"] = QuantizationLabel(file),
            ["format"] = "gguf",
            ["gguf_version"] = file.Version.ToString(CultureInfo.InvariantCulture),
            ["context_length"] = network.Config.ContextLength.ToString(CultureInfo.InvariantCulture),
            ["vocabulary_size"] = tokenizer.VocabularySize.ToString(CultureInfo.InvariantCulture),
        };
        if (adapters.Count > 0)
        {
            details["adapters"] = string.Join(" + ", adapters.Select(adapter => adapter.Adapter.Describe(adapter.Scale)));
            details["adapter_parameters"] = adapters.Sum(adapter => adapter.Adapter.ParameterCount).ToString(CultureInfo.InvariantCulture);
        }

        var identity = new ModelIdentity
        {
            ResolvedModelId = name,
            Digest = string.Concat(adapters.Select(adapter => "+sha256:" + adapter.Adapter.Sha256Hex).Prepend("sha256:" + file.Sha256Hex)),
            Details = details,
        };
        var chatTemplate = (IChatTemplate?)Llama3ChatTemplate.TryCreate(file.GetString("tokenizer.chat_template"), tokenizer) ?? PlainChatTemplate.Instance;
        return new LoadedModel(network, tokenizer, chatTemplate, name, identity, stopwatch.Elapsed);
    }

    /// <summary>The file type GGUF declares (general.file_type), or else the type most of the weight matrices have.</summary>
    private static string QuantizationLabel(GgufFile file)
    {
        var declared = file.GetInteger("general.file_type");
        var label = declared switch
        {
            0 => "F32",
            1 => "F16",
            2 => "Q4_0",
            3 => "Q4_1",
            7 => "Q8_0",
            8 => "Q5_0",
            9 => "Q5_1",
            10 => "Q2_K",
            11 => "Q3_K_S",
            12 => "Q3_K_M",
            13 => "Q3_K_L",
            14 => "Q4_K_S",
            15 => "Q4_K_M",
            16 => "Q5_K_S",
            17 => "Q5_K_M",
            18 => "Q6_K",
            32 => "BF16",
            _ => null,
        };
        return label ?? file.Tensors
            .Where(tensor => tensor.Info.Dimensions.Count == 2)
            .GroupBy(tensor => tensor.Info.Type)
            .OrderByDescending(group => group.Sum(tensor => tensor.Info.ElementCount))
            .ThenBy(group => group.Key)
            .Select(group => group.Key.ToString())
            .FirstOrDefault() ?? "unknown";
    }
}
