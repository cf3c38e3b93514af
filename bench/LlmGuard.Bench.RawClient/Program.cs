using System.ClientModel;
using System.Globalization;
using OpenAI;
using OpenAI.Chat;

// Usage: llmguard-bench-rawclient <endpoint> <prompts-file> <concurrency> <model> <system-prompt> <seed> <max-tokens>
// Sends one chat completion per line of the prompts file (temperature 0, the seed, the token limit, the system
// message), at most <concurrency> at once, and prints the number of answers and their total length.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: llmguard-bench-rawclient <endpoint> <prompts-file> <concurrency> <model> <system-prompt> <seed> <max-tokens>");
    return 2;
}

var endpoint = new Uri(args[0]);
var prompts = File.ReadAllLines(args[1]);
var concurrency = int.Parse(args[2], CultureInfo.InvariantCulture);
var model = args[3];
var systemPrompt = args[4];
var seed = long.Parse(args[5], CultureInfo.InvariantCulture);
var maxTokens = int.Parse(args[6], CultureInfo.InvariantCulture);

var client = new ChatClient(model, new ApiKeyCredential("no-key"), new OpenAIClientOptions { Endpoint = endpoint });
var answered = 0L;
var characters = 0L;
await Parallel.ForEachAsync(prompts, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (prompt, cancellationToken) =>
{
    var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = maxTokens };
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
    options.Seed = seed;
#pragma warning restore OPENAI001
    ChatCompletion completion = await client.CompleteChatAsync([new SystemChatMessage(systemPrompt), new UserChatMessage(prompt)], options, cancellationToken);
    Interlocked.Increment(ref answered);
    Interlocked.Add(ref characters, completion.Content[0].Text.Length);
}).ConfigureAwait(false);

Console.WriteLine($"answers: {answered}, characters: {characters}");
return answered == prompts.Length ? 0 : 1;
