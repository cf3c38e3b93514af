using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGuard.Execution;
using LlmGuard.Text;
using Microsoft.Extensions.AI;

namespace LlmGuard.Providers.Ollama;

/// <summary>
/// The <c>/api/chat</c> request that asks Ollama for the log-probabilities of what it generates (<c>logprobs: true</c>),
/// and the score read from its answer: the tokens' log-probabilities when it generated exactly the answer being scored.
/// </summary>
internal static class OllamaLogProbabilities
{
    /// <summary>The request body: the messages (text, earlier tool calls, tool results), the options, the format and the tools.</summary>
    public static JsonObject Request(string model, IReadOnlyList<ChatMessage> messages, ChatOptions options)
    {
        var request = new JsonObject
        {
            ["model"] = model,
            ["stream"] = false,
            ["logprobs"] = true,
            ["messages"] = new JsonArray([.. messages.Select(Message)]),
        };
        var settings = new JsonObject();
        Add(settings, "temperature", options.Temperature);
        Add(settings, "top_p", options.TopP);
        Add(settings, "top_k", options.TopK);
        Add(settings, "seed", options.Seed);
        Add(settings, "num_predict", options.MaxOutputTokens);
        if (options.StopSequences is { Count: > 0 } stops)
        {
            settings["stop"] = new JsonArray([.. stops.Select(stop => (JsonNode)JsonValue.Create(stop))]);
        }

        foreach (var (key, value) in options.AdditionalProperties ?? [])
        {
            settings[key] = JsonSerializer.SerializeToNode(value);
        }

        request["options"] = settings;
        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            request["format"] = json.Schema is { } schema ? JsonNode.Parse(schema.GetRawText()) : "json";
        }

        return request;
    }

    /// <summary>The score in an <c>/api/chat</c> answer, when its text is the answer being scored and it carries log-probabilities.</summary>
    public static AnswerScore? Score(string body, string answer)
    {
        var root = JsonNode.Parse(body);
        var text = root?["message"]?["content"]?.GetValue<string>();
        if (text is null || LineEndings.ToLf(text) != LineEndings.ToLf(answer) || root?["logprobs"] is not JsonArray { Count: > 0 } tokens)
        {
            return null;
        }

        return new AnswerScore { TokenLogProbabilities = [.. tokens.Select(token => token!["logprob"]!.GetValue<double>())], Method = AnswerScore.AnswerLogProbabilities };
    }

    private static JsonNode Message(ChatMessage message)
    {
        var node = new JsonObject { ["role"] = message.Role.Value, ["content"] = message.Text };
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        if (calls.Count > 0)
        {
            node["tool_calls"] = new JsonArray([.. calls.Select(call => (JsonNode)new JsonObject
            {
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = JsonSerializer.SerializeToNode(call.Arguments) },
            })]);
        }

        if (message.Contents.OfType<FunctionResultContent>().FirstOrDefault() is { } result)
        {
            node["content"] = result.Result?.ToString() ?? "";
        }

        return node;
    }

    private static void Add<T>(JsonObject settings, string key, T? value)
        where T : struct
    {
        if (value is { } set)
        {
            settings[key] = JsonSerializer.SerializeToNode(set);
        }
    }
}
