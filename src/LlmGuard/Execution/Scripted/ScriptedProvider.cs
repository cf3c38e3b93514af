using System.Text.Json;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution.Scripted;

/// <summary>
/// Provider <c>scripted</c>: answers from a JSON file named by <c>options.responses</c> (relative to the suite),
/// an object mapping the last user message of each case to its answer; <c>{model}</c> in the name is replaced by the
/// target's model, so one suite can script a baseline and a candidate model (<c>answers/{model}.json</c>). Optional
/// <c>options.delay_ms</c>. The file is read on every call, so a test can change an answer between runs.
/// </summary>
internal sealed class ScriptedProvider : IChatClientProvider
{
    /// <inheritdoc />
    public string Name => ProviderNames.Scripted;

    /// <inheritdoc />
    public IChatClient CreateClient(TargetDefinition target, ProviderContext context)
    {
        if (target.Options.GetValueOrDefault("responses") is not string file)
        {
            throw new ProviderConfigurationException("The scripted provider needs 'options.responses': the path of a JSON file mapping prompts to answers.");
        }

        if (file.Contains("{model}", StringComparison.Ordinal) && (target.Model.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0 || target.Model.Contains("..", StringComparison.Ordinal)))
        {
            throw new ProviderConfigurationException($"The scripted model name '{target.Model}' cannot be used in a file name.");
        }

        var path = Path.GetFullPath(Path.Combine(context.SuiteDirectory, file.Replace("{model}", target.Model, StringComparison.Ordinal)));
        var delay = target.Options.GetValueOrDefault("delay_ms") is long milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : TimeSpan.Zero;
        return new ScriptedChatClient(target.Model, messages => Answers(path).GetValueOrDefault(ScriptedChatClient.LastUserText(messages)), delay);
    }

    private static Dictionary<string, string> Answers(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(path)) ?? [];
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot read the scripted answers '{path}': {exception.Message}", exception);
        }
    }
}
