using System.Text.Json;
using LlmGuard.Planning;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>Turns a case plan into the exact <see cref="ChatMessage"/>s and <see cref="ChatOptions"/> sent, every parameter explicit.</summary>
internal static class ChatRequestFactory
{
    /// <summary>
    /// The <see cref="ChatOptions.AdditionalProperties"/> key (value <c>true</c>) asking an OpenAI-protocol adapter to send
    /// the response format's schema with <c>strict: true</c>; other providers ignore it.
    /// </summary>
    public const string StrictSchemaKey = "llmguard.strict_schema";

    /// <summary>The messages of a plan: text, earlier assistant tool calls and tool results.</summary>
    public static List<ChatMessage> Messages(CasePlan plan) => [.. plan.Messages.Select(ToChatMessage)];

    /// <summary>
    /// The options of a plan: temperature (unless <c>default</c>), seed, max tokens, top-p, top-k, stop sequences,
    /// pass-through options, the suite's tools, the tool choice and the response format.
    /// </summary>
    public static ChatOptions Options(CasePlan plan)
    {
        var target = plan.Suite.Target;
        var settings = CaseRequestSettings.For(plan.Suite, plan.Case);
        var options = new ChatOptions
        {
            ModelId = target.Model,
            Temperature = target.Temperature is { } temperature ? (float)temperature : null,
            Seed = target.Seed,
            MaxOutputTokens = target.MaxOutputTokens,
            TopP = target.TopP is { } topP ? (float)topP : null,
            TopK = target.TopK,
            StopSequences = target.Stop.Count > 0 ? [.. target.Stop] : null,
        };
        if (target.Options.Count > 0)
        {
            options.AdditionalProperties = [];
            foreach (var (key, value) in target.Options)
            {
                options.AdditionalProperties[key] = value;
            }
        }

        if (settings.Tools.Count > 0)
        {
            options.Tools = [.. settings.Tools.Select(tool => AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, Element(tool.ParametersSchemaJson)))];
        }

        options.ToolMode = settings.ToolChoice?.Mode switch
        {
            ToolChoiceMode.Auto => ChatToolMode.Auto,
            ToolChoiceMode.None => ChatToolMode.None,
            ToolChoiceMode.Required => ChatToolMode.RequireAny,
            ToolChoiceMode.Function => ChatToolMode.RequireSpecific(settings.ToolChoice.Function!),
            _ => null,
        };

        if (settings.ResponseFormat is { } format)
        {
            options.ResponseFormat = format.Kind switch
            {
                ResponseFormatKind.Text => ChatResponseFormat.Text,
                ResponseFormatKind.Json => ChatResponseFormat.Json,
                _ => ChatResponseFormat.ForJsonSchema(Element(format.SchemaJson!), format.SchemaName),
            };
            if (format is { Kind: ResponseFormatKind.JsonSchema, Strict: true })
            {
                options.AdditionalProperties ??= [];
                options.AdditionalProperties[StrictSchemaKey] = true;
            }
        }

        return options;
    }

    private static ChatMessage ToChatMessage(ChatMessageDefinition message)
    {
        if (message.ToolCallId is { } callId)
        {
            return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, message.Content)]);
        }

        if (message.ToolCalls.Count == 0)
        {
            return new ChatMessage(new ChatRole(message.Role), message.Content);
        }

        List<AIContent> contents = message.Content.Length > 0 ? [new TextContent(message.Content)] : [];
        contents.AddRange(message.ToolCalls.Select(call => new FunctionCallContent(call.Id ?? "", call.Name, Arguments(call.Arguments))));
        return new ChatMessage(new ChatRole(message.Role), contents);
    }

    private static Dictionary<string, object?> Arguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone(), StringComparer.Ordinal);
    }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
