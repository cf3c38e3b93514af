using LlmGuard.Execution;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;
using LlmGuard.Text;

namespace LlmGuard.Local;

/// <summary>
/// Provider <c>local</c>: runs a GGUF file in-process. <c>model</c> is a path to a <c>.gguf</c> file (relative to
/// the suite), or <c>demo</c> / <c>demo-finetuned</c> for the demo models, which are generated on first use in
/// <see cref="ModelsDirectory"/>.
/// </summary>
internal sealed class LocalProvider : IChatClientProvider
{
    /// <summary>The model name of the base demo model.</summary>
    public const string DemoModel = "demo";

    /// <summary>The model name of the fine-tuned demo model.</summary>
    public const string FineTunedDemoModel = "demo-finetuned";

    /// <summary>The environment variable that overrides where demo models are generated.</summary>
    public const string ModelsDirectoryVariable = "LLMGUARD_MODELS";

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

    /// <summary>The GGUF file a target's model name refers to, generating the demo models when they are asked for.</summary>
    /// <exception cref="ProviderConfigurationException">The model is neither a demo model nor an existing GGUF file.</exception>
    public static string ResolveModelPath(string model, ProviderContext context)
    {
        if (model is DemoModel or FineTunedDemoModel or DemoModels.BaseModelName or DemoModels.FineTunedModelName)
        {
            var paths = DemoModels.EnsureCreated(ModelsDirectory(context.GetEnvironmentVariable));
            return model is DemoModel or DemoModels.BaseModelName ? paths.BasePath : paths.FineTunedPath;
        }

        var path = Path.GetFullPath(Path.Combine(context.SuiteDirectory, model));
        if (!File.Exists(path))
        {
            throw new ProviderConfigurationException(
                $"The local model '{OutsideText.Escape(model)}' is not a file (looked for {OutsideText.Escape(path)}). Use a path to a .gguf file, or '{DemoModel}' / '{FineTunedDemoModel}' for the demo models.");
        }

        return path;
    }

    /// <inheritdoc />
    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
        var path = ResolveModelPath(target.Model, context);
        try
        {
            return new LocalChatClient(new LocalModelOptions { ModelPath = path });
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException or IOException)
        {
            throw new ProviderConfigurationException($"Cannot load the local model {OutsideText.Escape(path)}: {OutsideText.Escape(exception.Message)}", exception);
        }
    }
}
