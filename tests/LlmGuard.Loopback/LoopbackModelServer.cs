using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGuard.Loopback;

/// <summary>
/// A Kestrel server on 127.0.0.1 speaking the OpenAI Chat Completions and Embeddings wire formats (also under Azure's
/// <c>/openai/v1/</c>) and Ollama's native API (<c>/api/chat</c>, <c>/api/embed</c>, <c>/api/tags</c>, <c>/api/show</c>,
/// <c>/api/version</c>), recording every request and injecting faults on demand (for embeddings, keyed by the first input text). For benchmarks it can wait a fixed latency before each chat
/// answer, stop recording requests, and report the span between the first chat request and the last chat answer.
/// </summary>
public sealed class LoopbackModelServer : IAsyncDisposable
{
    public const string OllamaModel = "llama3.2:3b";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);

    private long chatCount;
    private long firstChatStartedAt = long.MaxValue;
    private long lastChatFinishedAt;

    private LoopbackModelServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string ResolvedModel { get; set; } = "gpt-4o-2024-08-06";

    public string? Fingerprint { get; set; } = "fp_0a1b2c3d4e";

    public string Digest { get; set; } = "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72";

    public string ModifiedAt { get; set; } = "2025-01-01T10:00:00.000000+01:00";

    public string OllamaVersion { get; set; } = "0.12.11";

    /// <summary>The fault for a prompt's n-th attempt (1-based); none by default.</summary>
    public Func<string, int, Fault> Faults { get; set; } = (_, _) => Fault.None;

    public Func<string, string> Answer { get; set; } = prompt => $"Answer to: {prompt}";

    /// <summary>The vector of a text; by default a hashed bag of its lower-cased words (64 dimensions, unit length), so texts sharing words are close.</summary>
    public Func<string, float[]> Embed { get; set; } = BagOfWords;

    /// <summary>The embedding model named in embedding answers; the requested one when null.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>Embedding requests answered since the start.</summary>
    public IEnumerable<RecordedRequest> EmbeddingRequests => Requests.Where(request => request.Path.EndsWith("/embeddings", StringComparison.Ordinal) || request.Path == "/api/embed");

    /// <summary>The full reply to a prompt (tool calls, usage, log-probabilities); by default the text of <see cref="Answer"/>.</summary>
    public Func<string, LoopbackReply>? Reply { get; set; }

    /// <summary>The reply by requested model and prompt, before <see cref="Reply"/>; null to use <see cref="Reply"/>.</summary>
    public Func<string, string, LoopbackReply?>? ReplyByModel { get; set; }

    /// <summary>How long each chat answer waits before it is written (a model's latency); none by default.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Whether every request is kept in <see cref="Requests"/> (off for long benchmark runs).</summary>
    public bool RecordsRequests { get; set; } = true;

    /// <summary>Chat answers written since the start or the last <see cref="ResetChatActivity"/>.</summary>
    public long ChatCount => Interlocked.Read(ref chatCount);

    /// <summary>The time from the first chat request's arrival to the last chat answer's end, since the last reset.</summary>
    public TimeSpan ChatSpan
    {
        get
        {
            var first = Interlocked.Read(ref firstChatStartedAt);
            var last = Interlocked.Read(ref lastChatFinishedAt);
            return first == long.MaxValue || last < first ? TimeSpan.Zero : Stopwatch.GetElapsedTime(first, last);
        }
    }

    public IEnumerable<RecordedRequest> ChatRequests => Requests.Where(request => request.Path.EndsWith("/chat/completions", StringComparison.Ordinal) || request.Path == "/api/chat");

    public static async Task<LoopbackModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackModelServer(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    /// <summary>Forgets the chat count and span, before a measured run.</summary>
    public void ResetChatActivity()
    {
        Interlocked.Exchange(ref chatCount, 0);
        Interlocked.Exchange(ref firstChatStartedAt, long.MaxValue);
        Interlocked.Exchange(ref lastChatFinishedAt, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        var path = context.Request.Path.Value ?? "";
        var headers = context.Request.Headers.ToDictionary(header => header.Key.ToLowerInvariant(), header => header.Value.ToString());
        if (RecordsRequests)
        {
            Requests.Enqueue(new RecordedRequest(context.Request.Method, path, headers, body));
        }

        switch (path)
        {
            case "/api/tags":
                await WriteJsonAsync(context, 200, Tags()).ConfigureAwait(false);
                return;
            case "/api/show":
                await WriteJsonAsync(context, 200, Show()).ConfigureAwait(false);
                return;
            case "/api/version":
                await WriteJsonAsync(context, 200, new JsonObject { ["version"] = OllamaVersion }).ConfigureAwait(false);
                return;
        }

        if (path.EndsWith("/embeddings", StringComparison.Ordinal) || path == "/api/embed")
        {
            await HandleEmbeddingsAsync(context, path, body, headers).ConfigureAwait(false);
            return;
        }

        var isOllama = path == "/api/chat";
        if (!isOllama && !path.EndsWith("/chat/completions", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 404, new JsonObject { ["error"] = $"no route {path}" }).ConfigureAwait(false);
            return;
        }

        var startedAt = Stopwatch.GetTimestamp();
        UpdateMinimum(ref firstChatStartedAt, startedAt);
        var request = JsonNode.Parse(body)!.AsObject();
        var prompt = request["messages"]!.AsArray().Last()!["content"]?.GetValue<string>() ?? "";
        var attempt = attempts.AddOrUpdate(path + "\n" + prompt, 1, (_, count) => count + 1);
        if (await InjectFaultAsync(context, Faults(prompt, attempt), isOllama, headers).ConfigureAwait(false))
        {
            return;
        }

        var reply = ReplyByModel?.Invoke(request["model"]?.GetValue<string>() ?? "", prompt) ?? Reply?.Invoke(prompt) ?? new LoopbackReply(Answer(prompt));
        var answer = reply.Text ?? "";
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted).ConfigureAwait(false);
        }

        var stream = request["stream"]?.GetValue<bool>() == true;
        var logProbabilities = request["logprobs"]?.GetValue<bool>() == true ? reply.LogProbabilities : null;
        if (isOllama)
        {
            await (stream ? WriteOllamaStreamAsync(context, request, answer) : WriteJsonAsync(context, 200, OllamaReply(request, reply, logProbabilities))).ConfigureAwait(false);
        }
        else
        {
            await (stream ? WriteOpenAIStreamAsync(context, answer) : WriteJsonAsync(context, 200, Completion(reply, logProbabilities))).ConfigureAwait(false);
        }

        Interlocked.Increment(ref chatCount);
        UpdateMaximum(ref lastChatFinishedAt, Stopwatch.GetTimestamp());
    }

    private async Task HandleEmbeddingsAsync(HttpContext context, string path, string body, Dictionary<string, string> headers)
    {
        var isOllama = path == "/api/embed";
        var request = JsonNode.Parse(body)!.AsObject();
        var inputs = request["input"] switch
        {
            JsonArray array => array.Select(item => item!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => new List<string>(),
        };
        var first = inputs.FirstOrDefault() ?? "";
        var attempt = attempts.AddOrUpdate(path + "\n" + first, 1, (_, count) => count + 1);
        if (await InjectFaultAsync(context, Faults(first, attempt), isOllama, headers).ConfigureAwait(false))
        {
            return;
        }

        var model = EmbeddingModel ?? request["model"]?.GetValue<string>() ?? "embedding-model";
        var vectors = inputs.Select(Embed).ToList();
        if (isOllama)
        {
            await WriteJsonAsync(context, 200, new JsonObject
            {
                ["model"] = model,
                ["embeddings"] = new JsonArray([.. vectors.Select(vector => (JsonNode)new JsonArray([.. vector.Select(component => (JsonNode)JsonValue.Create(component))]))]),
                ["total_duration"] = 14143917,
                ["load_duration"] = 1019500,
                ["prompt_eval_count"] = inputs.Sum(input => input.Length),
            }).ConfigureAwait(false);
            return;
        }

        var base64 = request["encoding_format"]?.GetValue<string>() == "base64";
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. vectors.Select((vector, index) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = index,
                ["embedding"] = base64
                    ? JsonValue.Create(Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()))
                    : new JsonArray([.. vector.Select(component => (JsonNode)JsonValue.Create(component))]),
            })]),
            ["model"] = model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = inputs.Sum(input => input.Length), ["total_tokens"] = inputs.Sum(input => input.Length) },
        }).ConfigureAwait(false);
    }

    /// <summary>A 64-dimension unit vector counting the text's lower-cased words by a stable hash (FNV-1a).</summary>
    public static float[] BagOfWords(string text)
    {
        var vector = new float[64];
        foreach (var word in text.ToLowerInvariant().Split((char[])[' ', '\n', '\t', '.', ',', ';', ':', '!', '?', '"', '\'', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 2166136261u;
            foreach (var character in word)
            {
                hash = (hash ^ character) * 16777619u;
            }

            vector[hash % 64] += 1;
        }

        var length = MathF.Sqrt(vector.Sum(component => component * component));
        return length == 0 ? vector : [.. vector.Select(component => component / length)];
    }

    private static void UpdateMinimum(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value < current && Interlocked.CompareExchange(ref location, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static void UpdateMaximum(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current && Interlocked.CompareExchange(ref location, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private async Task<bool> InjectFaultAsync(HttpContext context, Fault fault, bool isOllama, Dictionary<string, string> headers)
    {
        JsonObject Error(string message, string type) => isOllama
            ? new JsonObject { ["error"] = message }
            : new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = type } };

        switch (fault)
        {
            case Fault.None:
                return false;
            case Fault.TooManyRequests:
                context.Response.Headers.RetryAfter = "2";
                await WriteJsonAsync(context, 429, Error("Rate limit reached for requests", "rate_limit_exceeded")).ConfigureAwait(false);
                return true;
            case Fault.TooManyRequestsWithMilliseconds:
                context.Response.Headers["retry-after-ms"] = "1500";
                await WriteJsonAsync(context, 429, Error("Rate limit reached for requests", "rate_limit_exceeded")).ConfigureAwait(false);
                return true;
            case Fault.InternalError:
                await WriteJsonAsync(context, 500, Error("The server had an error while processing your request.", "server_error")).ConfigureAwait(false);
                return true;
            case Fault.Unavailable:
                await WriteJsonAsync(context, 503, Error("The engine is currently overloaded, please try again later", "overloaded")).ConfigureAwait(false);
                return true;
            case Fault.Slow:
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ConfigureAwait(false);
                return true;
            case Fault.ConnectionReset:
                context.Abort();
                return true;
            case Fault.MalformedJson:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"chatcmpl-9\", \"object\": \"chat.completion\", \"choices\": [{\"message\": ").ConfigureAwait(false);
                return true;
            case Fault.HtmlErrorPage:
                context.Response.StatusCode = 502;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>").ConfigureAwait(false);
                return true;
            case Fault.Unauthorized:
                var presented = headers.GetValueOrDefault("authorization")?.Replace("Bearer ", "", StringComparison.Ordinal) ?? headers.GetValueOrDefault("api-key") ?? "";
                await WriteJsonAsync(context, 401, Error($"Incorrect API key provided: {presented}. You can find your API key at the dashboard.", "invalid_api_key")).ConfigureAwait(false);
                return true;
            case Fault.EmptyChoices:
                await WriteRawAsync(context, isOllama
                    ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"done\":true}"
                    : $"{{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"{ResolvedModel}\",\"choices\":[]}}").ConfigureAwait(false);
                return true;
            case Fault.MissingMessage:
                await WriteRawAsync(context, isOllama
                    ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"done_reason\":\"stop\",\"done\":true}"
                    : $"{{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"{ResolvedModel}\",\"choices\":[{{\"index\":0,\"finish_reason\":\"stop\"}}]}}").ConfigureAwait(false);
                return true;
            case Fault.LoneSurrogate:
                await WriteRawAsync(context, isOllama
                    ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"bad \\ud800 text\"},\"done_reason\":\"stop\",\"done\":true}"
                    : $"{{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"{ResolvedModel}\",\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":\"bad \\ud800 text\"}},\"finish_reason\":\"stop\"}}]}}").ConfigureAwait(false);
                return true;
            case Fault.InvalidUtf8:
                var prefix = isOllama
                    ? "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"bad "
                    : $"{{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"{ResolvedModel}\",\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":\"bad ";
                var suffix = isOllama ? " text\"},\"done_reason\":\"stop\",\"done\":true}" : " text\"},\"finish_reason\":\"stop\"}]}";
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(prefix).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(suffix)).ToArray()).ConfigureAwait(false);
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }

    private JsonObject Completion(LoopbackReply reply, IReadOnlyList<(string Token, double LogProbability)>? logProbabilities)
    {
        var completion = BaseCompletion(reply.Text ?? "");
        var choice = completion["choices"]![0]!.AsObject();
        var message = choice["message"]!.AsObject();
        message["content"] = reply.Text;
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select((call, index) => (JsonNode)new JsonObject
            {
                ["id"] = $"call_{index + 1}_{Guid.NewGuid():N}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
            })]);
            choice["finish_reason"] = "tool_calls";
        }

        if (logProbabilities is not null)
        {
            choice["logprobs"] = new JsonObject
            {
                ["content"] = new JsonArray([.. logProbabilities.Select(entry => (JsonNode)new JsonObject
                {
                    ["token"] = entry.Token,
                    ["logprob"] = entry.LogProbability,
                    ["bytes"] = new JsonArray([.. Encoding.UTF8.GetBytes(entry.Token).Select(b => (JsonNode)JsonValue.Create((int)b))]),
                    ["top_logprobs"] = new JsonArray(),
                })]),
                ["refusal"] = null,
            };
        }

        completion["usage"] = reply.Usage is { } usage
            ? new JsonObject { ["prompt_tokens"] = usage.Prompt, ["completion_tokens"] = usage.Completion, ["total_tokens"] = usage.Prompt + usage.Completion }
            : null;
        return completion;
    }

    private JsonObject BaseCompletion(string answer) => new()
    {
        ["id"] = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        ["object"] = "chat.completion",
        ["created"] = 1741569952,
        ["model"] = ResolvedModel,
        ["system_fingerprint"] = Fingerprint,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer, ["refusal"] = null, ["annotations"] = new JsonArray() },
            ["logprobs"] = null,
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 19, ["completion_tokens"] = 10, ["total_tokens"] = 29 },
        ["service_tier"] = "default",
    };

    private async Task WriteOpenAIStreamAsync(HttpContext context, string answer)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        var pieces = answer.Split(' ');
        for (var index = 0; index <= pieces.Length; index++)
        {
            var done = index == pieces.Length;
            var chunk = new JsonObject
            {
                ["id"] = "chatcmpl-stream",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1741569952,
                ["model"] = ResolvedModel,
                ["system_fingerprint"] = Fingerprint,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["delta"] = done ? new JsonObject() : new JsonObject { ["content"] = (index == 0 ? "" : " ") + pieces[index] },
                    ["logprobs"] = null,
                    ["finish_reason"] = done ? "stop" : null,
                }),
            };
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n").ConfigureAwait(false);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n").ConfigureAwait(false);
    }

    private static JsonObject OllamaReply(JsonObject request, LoopbackReply reply, IReadOnlyList<(string Token, double LogProbability)>? logProbabilities)
    {
        var done = OllamaDone(request, reply.Text ?? "", reply.Text ?? "");
        var message = done["message"]!.AsObject();
        if (reply.ToolCalls.Count > 0)
        {
            // Ollama sends arguments as an object; text that is no JSON object is sent as a string, which is malformed for its API.
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(call => (JsonNode)new JsonObject
            {
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = ParsedOrText(call.Arguments) },
            })]);
        }

        if (reply.Usage is { } usage)
        {
            done["prompt_eval_count"] = usage.Prompt;
            done["eval_count"] = usage.Completion;
        }
        else
        {
            done.Remove("prompt_eval_count");
            done.Remove("eval_count");
        }

        if (logProbabilities is not null)
        {
            done["logprobs"] = new JsonArray([.. logProbabilities.Select(entry => (JsonNode)new JsonObject { ["token"] = entry.Token, ["logprob"] = entry.LogProbability })]);
        }

        return done;
    }

    private static JsonNode? ParsedOrText(string arguments)
    {
        try
        {
            return JsonNode.Parse(arguments) is JsonObject parsed ? parsed : JsonValue.Create(arguments);
        }
        catch (JsonException)
        {
            return JsonValue.Create(arguments);
        }
    }

    private static JsonObject OllamaDone(JsonObject request, string content, string fullAnswer) => new()
    {
        ["model"] = request["model"]!.GetValue<string>(),
        ["created_at"] = "2025-01-01T10:00:00.000000Z",
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
        ["done_reason"] = "stop",
        ["done"] = true,
        ["total_duration"] = 4883583458L,
        ["load_duration"] = 1334875,
        ["prompt_eval_count"] = 26,
        ["prompt_eval_duration"] = 342546000,
        ["eval_count"] = fullAnswer.Length,
        ["eval_duration"] = 4535599000L,
    };

    private static async Task WriteOllamaStreamAsync(HttpContext context, JsonObject request, string answer)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-ndjson";
        foreach (var piece in answer.Split(' ').Select((word, index) => index == 0 ? word : " " + word))
        {
            var line = new JsonObject
            {
                ["model"] = request["model"]!.GetValue<string>(),
                ["created_at"] = "2025-01-01T10:00:00.000000Z",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = piece },
                ["done"] = false,
            };
            await context.Response.WriteAsync(line.ToJsonString() + "\n").ConfigureAwait(false);
        }

        await context.Response.WriteAsync(OllamaDone(request, "", answer).ToJsonString() + "\n").ConfigureAwait(false);
    }

    private JsonObject Tags() => new()
    {
        ["models"] = new JsonArray(
            new JsonObject
            {
                ["name"] = OllamaModel,
                ["model"] = OllamaModel,
                ["modified_at"] = ModifiedAt,
                ["size"] = 2019393189L,
                ["digest"] = Digest,
                ["details"] = Details(),
            },
            new JsonObject
            {
                ["name"] = "qwen2.5:0.5b",
                ["model"] = "qwen2.5:0.5b",
                ["modified_at"] = ModifiedAt,
                ["size"] = 397821319L,
                ["digest"] = "a8b0c51577010a279d933d14c2a8ab4b268079d44c5c8830c0a93900f1827c67",
                ["details"] = new JsonObject { ["format"] = "gguf", ["family"] = "qwen2", ["parameter_size"] = "494.03M", ["quantization_level"] = "Q4_K_M" },
            }),
    };

    private static JsonObject Details() => new()
    {
        ["parent_model"] = "",
        ["format"] = "gguf",
        ["family"] = "llama",
        ["families"] = new JsonArray("llama"),
        ["parameter_size"] = "3.2B",
        ["quantization_level"] = "Q4_K_M",
    };

    private JsonObject Show() => new()
    {
        ["license"] = "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT",
        ["modelfile"] = "FROM llama3.2:3b",
        ["parameters"] = "stop \"<|eot_id|>\"",
        ["template"] = "{{ .Prompt }}",
        ["details"] = Details(),
        ["model_info"] = new JsonObject
        {
            ["general.architecture"] = "llama",
            ["general.file_type"] = 15,
            ["general.parameter_count"] = 3212749888L,
            ["general.quantization_version"] = 2,
            ["llama.context_length"] = 131072,
            ["llama.embedding_length"] = 3072,
        },
        ["capabilities"] = new JsonArray("completion", "tools"),
        ["modified_at"] = ModifiedAt,
    };

    private static async Task WriteRawAsync(HttpContext context, string json)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json).ConfigureAwait(false);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { WriteIndented = false })).ConfigureAwait(false);
    }
}
