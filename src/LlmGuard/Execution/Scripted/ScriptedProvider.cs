using System.Text.Json;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution.Scripted;

/// <summary>
/// Provider <c>scripted</c>: answers from a JSON file named by <c>options.responses</c> (relative to the suite),
/// an object mapping the last user message of each case to its answer. Optional <c>options.delay_ms</c>.
/// The file is read on every call, so a test can change an answer between runs.
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

        var path = Path.GetFullPath(Path.Combine(context.SuiteDirectory, file));
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
