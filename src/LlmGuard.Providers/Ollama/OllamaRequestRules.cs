using System.Globalization;
using LlmGuard.Execution;
using LlmGuard.Suites;
using LlmGuard.Text;

namespace LlmGuard.Providers.Ollama;

/// <summary>
/// Checks an Ollama target before any call, for what OllamaSharp would otherwise get silently wrong: a seed it
/// narrows to 32 bits, <c>num_predict</c> it overwrites with <c>max_tokens</c>, and options it does not send.
/// </summary>
internal static class OllamaRequestRules
{
    /// <summary>The option names OllamaSharp sends in the request's <c>options</c> (others would be dropped silently).</summary>
    public static readonly IReadOnlySet<string> SupportedOptions = new SortedSet<string>(StringComparer.Ordinal)
    {
        "f16_kv", "frequency_penalty", "logits_all", "low_vram", "main_gpu", "min_p", "mirostat", "mirostat_eta", "mirostat_tau",
        "numa", "num_batch", "num_ctx", "num_gpu", "num_gqa", "num_keep", "num_predict", "num_thread", "penalize_newline",
        "presence_penalty", "repeat_last_n", "repeat_penalty", "seed", "stop", "temperature", "tfs_z", "top_k", "top_p",
        "typical_p", "use_mlock", "use_mmap", "vocab_only",
    };

    public const string NumPredict = "num_predict";

    /// <summary>Validates the target and returns the output-token limit to send (from <c>max_tokens</c> or <c>options.num_predict</c>).</summary>
    public static int? Validate(TargetDefinition target)
    {
        if (target.Seed is { } seed && (seed < int.MinValue || seed > int.MaxValue))
        {
            throw new ProviderConfigurationException(
                $"'seed: {seed}' is out of range for Ollama: OllamaSharp sends the seed as a 32-bit integer, so it must lie between {int.MinValue} and {int.MaxValue}.");
        }

        foreach (var key in target.Options.Keys.Where(key => !SupportedOptions.Contains(key)))
        {
            throw new ProviderConfigurationException(
                $"Ollama option 'options.{OutsideText.Escape(key)}' is not one OllamaSharp sends, so it would be dropped silently. Supported: {string.Join(", ", SupportedOptions)}.");
        }

        foreach (var (key, value) in target.Options.Where(pair => pair.Key is "seed" or "temperature" or "top_k" or "top_p" or "stop"))
        {
            throw new ProviderConfigurationException($"'options.{OutsideText.Escape(key)}: {OutsideText.Escape(Convert.ToString(value, CultureInfo.InvariantCulture))}' duplicates the target key '{OutsideText.Escape(key)}': set it there only.");
        }

        if (!target.Options.TryGetValue(NumPredict, out var numPredictValue))
        {
            return target.MaxOutputTokens;
        }

        if (numPredictValue is not long numPredict || numPredict < -2 || numPredict > int.MaxValue)
        {
            throw new ProviderConfigurationException($"'options.num_predict: {Convert.ToString(numPredictValue, CultureInfo.InvariantCulture)}' must be an integer (-1 means no limit).");
        }

        if (target.MaxOutputTokens is { } maxTokens && maxTokens != numPredict)
        {
            throw new ProviderConfigurationException(
                $"'max_tokens: {maxTokens}' and 'options.num_predict: {numPredict}' disagree; both set Ollama's num_predict. Keep one (max_tokens is preferred).");
        }

        return (int)numPredict;
    }
}
