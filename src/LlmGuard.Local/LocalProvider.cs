using System.Globalization;
using LlmGuard.Execution;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using LlmGuard.Text;

namespace LlmGuard.Local;

/// <summary>
/// Provider <c>local</c>: runs a GGUF file in-process. <c>model</c> is a path to a <c>.gguf</c> file (relative to
/// the suite), or <c>demo</c> / <c>demo-finetuned</c> for the demo models, which are generated on first use in
/// <see cref="ModelsDirectory"/>. A LoRA adapter is spelled <c>base.gguf+adapter.gguf</c>, with an optional scale
/// <c>base.gguf+adapter.gguf@0.5</c> (a suite's <c>adapter:</c> and <c>adapter_scale:</c> keys mean the same);
/// <c>demo-finetuned</c> is <c>demo</c> plus the demo fine-tune adapter.
/// </summary>
internal sealed class LocalProvider : IChatClientProvider
{
    /// <summary>The model name of the base demo model.</summary>
    public const string DemoModel = "demo";

    /// <summary>The model name of the fine-tuned demo model: the base demo model with the demo LoRA adapter.</summary>
    public const string FineTunedDemoModel = "demo-finetuned";

    /// <summary>The environment variable that overrides where demo models are generated.</summary>
    public const string ModelsDirectoryVariable = "LLMGUARD_MODELS";

    /// <summary>Separates the base model from its adapter in a model name.</summary>
    internal const char AdapterSeparator = '+';

    /// <summary>Separates an adapter from its scale in a model name.</summary>
    internal const char ScaleSeparator = '@';

    /// <inheritdoc />
    public string Name => ProviderNames.Local;

    /// <summary>Where demo models are generated: <c>$LLMGUARD_MODELS</c>, else the user's cache folder.</summary>
    public static string ModelsDirectory(Func<string, string?> getEnvironmentVariable)
    {
        if (getEnvironmentVariable(ModelsDirectoryVariable) is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var cache = getEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "llmguard", "models");
    }

    /// <summary>
    /// The files a target's model name refers to — <c>ModelPath</c>, and <c>AdapterPath</c> / <c>AdapterScale</c> when
    /// the name has an adapter — generating the demo models when they are asked for.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A file does not exist, or the name cannot be read.</exception>
    public static LocalModelOptions ResolveModel(string model, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(context);
        if (model is FineTunedDemoModel or DemoModels.FineTunedModelName)
        {
            var paths = DemoModels.EnsureCreated(ModelsDirectory(context.GetEnvironmentVariable));
            return new LocalModelOptions { ModelPath = paths.BasePath, AdapterPath = paths.FineTunedPath };
        }

        if (TryResolveBase(model, context) is { } whole)
        {
            return new LocalModelOptions { ModelPath = whole };
        }

        for (var split = model.IndexOf(AdapterSeparator); split > 0; split = model.IndexOf(AdapterSeparator, split + 1))
        {
            var basePart = model[..split];
            if (!IsBaseCandidate(basePart) || TryResolveBase(basePart, context) is not { } basePath)
            {
                continue;
            }

            var (adapterPart, scale) = SplitScale(model[(split + 1)..], context);
            var adapterPath = Path.GetFullPath(Path.Combine(context.SuiteDirectory, adapterPart));
            if (!File.Exists(adapterPath))
            {
                throw new ProviderConfigurationException($"The adapter '{OutsideText.Escape(adapterPart)}' of the local model '{OutsideText.Escape(model)}' is not a file (looked for {OutsideText.Escape(adapterPath)}).");
            }

            return new LocalModelOptions { ModelPath = basePath, AdapterPath = adapterPath, AdapterScale = scale };
        }

        var path = Path.GetFullPath(Path.Combine(context.SuiteDirectory, model));
        throw new ProviderConfigurationException(
            $"The local model '{OutsideText.Escape(model)}' is not a file (looked for {OutsideText.Escape(path)}). Use a path to a .gguf file, '{DemoModel}' / '{FineTunedDemoModel}' for the demo models, " +
            $"or 'base.gguf{AdapterSeparator}adapter.gguf' (optionally '{ScaleSeparator}scale') for a model with a LoRA adapter.");
    }

    /// <inheritdoc />
    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(target);
        var resolved = ResolveModel(target.Model, context);
        try
        {
            return new LocalChatClient(resolved);
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException or IOException)
        {
            var what = resolved.AdapterPath is { } adapter ? $"{resolved.ModelPath} with the adapter {adapter}" : resolved.ModelPath;
            throw new ProviderConfigurationException($"Cannot load the local model {OutsideText.Escape(what)}: {OutsideText.Escape(exception.Message)}", exception);
        }
    }

    private static string? TryResolveBase(string model, ProviderContext context)
    {
        if (model is DemoModel or DemoModels.BaseModelName)
        {
            return DemoModels.EnsureCreated(ModelsDirectory(context.GetEnvironmentVariable)).BasePath;
        }

        var path = Path.GetFullPath(Path.Combine(context.SuiteDirectory, model));
        return File.Exists(path) ? path : null;
    }

    private static bool IsBaseCandidate(string part) =>
        part is DemoModel or DemoModels.BaseModelName || part.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase);

    private static (string Adapter, float Scale) SplitScale(string adapter, ProviderContext context)
    {
        var at = adapter.LastIndexOf(ScaleSeparator);
        if (at <= 0 || File.Exists(Path.Combine(context.SuiteDirectory, adapter)))
        {
            return (adapter, 1f);
        }

        var scaleText = adapter[(at + 1)..];
        if (!float.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || !float.IsFinite(scale))
        {
            throw new ProviderConfigurationException(
                $"The adapter scale '{OutsideText.Escape(scaleText)}' in '{OutsideText.Escape(adapter)}' is not a number (write e.g. 'adapter.gguf{ScaleSeparator}0.5').");
        }

        if (Math.Abs(scale) > Loading.SuiteFileParser.MaxAdapterScale)
        {
            throw new ProviderConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"The adapter scale '{OutsideText.Escape(scaleText)}' in '{OutsideText.Escape(adapter)}' must be between {-Loading.SuiteFileParser.MaxAdapterScale} and {Loading.SuiteFileParser.MaxAdapterScale}."));
        }

        return (adapter[..at], scale);
    }
}
