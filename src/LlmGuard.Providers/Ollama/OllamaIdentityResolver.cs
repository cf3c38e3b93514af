using System.Globalization;
using LlmGuard.Execution;
using LlmGuard.Results;
using OllamaSharp;
using OllamaSharp.Models;
using LlmGuard.Text;

namespace LlmGuard.Providers.Ollama;

/// <summary>
/// Resolves the identity of an Ollama model from the server: the digest and details from <c>/api/tags</c>, the
/// architecture, parameter count, file type and context length from <c>/api/show</c>. Everything here is written into
/// snapshot headers, so only what describes the weights belongs: <c>modified_at</c> (when the model was pulled or copied
/// on that machine) and the Ollama server's version are left out, since they differ between a laptop and CI serving the
/// same weights, and would rewrite every snapshot on update; the digest already identifies the weights.
/// </summary>
internal static class OllamaIdentityResolver
{
    public static async Task<ModelIdentity> ResolveAsync(OllamaApiClient api, string model, Uri host, CancellationToken cancellationToken)
    {
        var wanted = WithTag(model);
        var models = await api.ListLocalModelsAsync(cancellationToken).ConfigureAwait(false);
        var local = models.FirstOrDefault(candidate => WithTag(candidate.Name) == wanted || WithTag(candidate.ModelName) == wanted)
            ?? throw new ProviderConfigurationException($"The model '{OutsideText.Escape(model)}' is not on the Ollama server at {host}: pull it with 'ollama pull {OutsideText.Escape(model)}'.");
        var show = await api.ShowModelAsync(new ShowModelRequest { Model = local.Name }, cancellationToken).ConfigureAwait(false);

        var details = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Add(details, "format", local.Details?.Format);
        Add(details, "family", local.Details?.Family);
        Add(details, "families", local.Details?.Families is { Length: > 0 } families ? string.Join(",", families) : null);
        Add(details, "parameter_size", local.Details?.ParameterSize);
        Add(details, "quantization_level", local.Details?.QuantizationLevel);
        Add(details, "parent_model", local.Details?.ParentModel);
        if (show.Info is { } info)
        {
            Add(details, "architecture", info.Architecture);
            Add(details, "parameter_count", info.ParameterCount?.ToString(CultureInfo.InvariantCulture));
            Add(details, "file_type", info.FileType?.ToString(CultureInfo.InvariantCulture));
            Add(details, "quantization_version", info.QuantizationVersion?.ToString(CultureInfo.InvariantCulture));
            if (info.Architecture is { } architecture && info.ExtraInfo?.TryGetValue(architecture + ".context_length", out var contextLength) == true)
            {
                Add(details, "context_length", Convert.ToString(contextLength, CultureInfo.InvariantCulture));
            }
        }

        return new ModelIdentity
        {
            ResolvedModelId = WithTag(local.Name),
            Digest = string.IsNullOrEmpty(local.Digest) ? null : local.Digest,
            Details = details,
        };
    }

    /// <summary>The name as Ollama resolves it: without a tag, a name means its <c>latest</c> tag.</summary>
    public static string WithTag(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var lastSegment = name[(name.LastIndexOf('/') + 1)..];
        return lastSegment.Contains(':', StringComparison.Ordinal) ? name : name + ":latest";
    }

    private static void Add(SortedDictionary<string, string> details, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            details[key] = value;
        }
    }
}
