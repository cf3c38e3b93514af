using System.Text.Json;
using LlmGuard.Suites;
using Microsoft.Extensions.AI;

namespace LlmGuard.Execution;

/// <summary>
/// Reads the tool calls of a response into their canonical form. Providers hand over calls as
/// <see cref="FunctionCallContent"/>; an adapter that has the arguments exactly as the model wrote them (OpenAI's protocol
/// carries them as a string, which may be malformed JSON) stores that text under <see cref="RawArgumentsKey"/> in the
/// content's additional properties, so malformed arguments are recorded as written rather than lost.
/// </summary>
internal static class ToolCallReader
{
    /// <summary>The key of the arguments' text as received, in <see cref="AIContent.AdditionalProperties"/> of a <see cref="FunctionCallContent"/>.</summary>
    public const string RawArgumentsKey = "llmguard.raw_arguments";

    /// <summary>The most tool calls read from one answer; more is a malformed answer.</summary>
    public const int MaxCalls = 128;

    /// <summary>The tool calls of every message of the response, in order.</summary>
    /// <exception cref="InvalidDataException">The answer has more than <see cref="MaxCalls"/> calls or a call without a name.</exception>
    public static List<ToolCall> Read(ChatResponse response)
    {
        var calls = new List<ToolCall>();
        foreach (var content in response.Messages.SelectMany(message => message.Contents).OfType<FunctionCallContent>())
        {
            if (calls.Count == MaxCalls)
            {
                throw new InvalidDataException($"the answer makes more than {MaxCalls} tool calls");
            }

            if (string.IsNullOrEmpty(content.Name))
            {
                throw new InvalidDataException("the answer has a tool call without a name");
            }

            calls.Add(Canonical(content));
        }

        return calls;
    }

    private static ToolCall Canonical(FunctionCallContent content)
    {
        var raw = content.AdditionalProperties?.TryGetValue(RawArgumentsKey, out var value) == true ? value as string : null;
        if (raw is null && content.Arguments is { } arguments)
        {
            raw = JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        }

        if (raw is null)
        {
            // The provider could not read the arguments and kept no text of them.
            var reason = content.Exception?.InnerException?.Message ?? content.Exception?.Message ?? "no arguments";
            return new ToolCall(content.Name, $"(unreadable: {reason})") { Id = content.CallId, ArgumentsValid = false };
        }

        return Text.CanonicalJson.TryCanonicalizeObject(raw, out var canonical, out _)
            ? new ToolCall(content.Name, canonical) { Id = content.CallId }
            : new ToolCall(content.Name, raw) { Id = content.CallId, ArgumentsValid = false };
    }
}
