using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGuard.Execution;
using LlmGuard.Gating;
using LlmGuard.Loading;
using LlmGuard.Planning;
using LlmGuard.Results;
using LlmGuard.Tests.Loading;
using Microsoft.Extensions.AI;
using YamlDotNet.RepresentationModel;

namespace LlmGuard.Tests.Equivalence.Labelled;

/// <summary>
/// tests/LlmGuard.Tests/Equivalence/Labelled/labelled-pairs.yaml, run through the engine as a real upgrade would be: one suite
/// whose cases carry their kind's recommended settings, recorded on the old answers (update), then verified with the new answers
/// as a candidate model. A pair is flagged when its case does not pass (changed or assertion-failed).
/// </summary>
internal static class LabelledSet
{
    public static string FilePath { get; } = Path.Combine(RepositoryRoot.Path, "tests", "LlmGuard.Tests", "Equivalence", "Labelled", "labelled-pairs.yaml");

    /// <summary>The kinds in the file's order.</summary>
    public static IReadOnlyList<string> Kinds => Load().Kinds;

    public static IReadOnlyList<LabelledPair> Pairs => Load().Pairs;

    /// <summary>Each pair with the outcome the engine gave its new answer.</summary>
    public static async Task<IReadOnlyList<(LabelledPair Pair, CaseResult Result)>> RunAsync()
    {
        var (_, pairs, suite) = Load();
        var directory = Directory.CreateTempSubdirectory("llmguard-labelled-").FullName;
        try
        {
            var suitePath = Path.Combine(directory, "labelled.yaml");
            File.WriteAllText(suitePath, suite);
            var set = new SuiteLoader(["labelled"]).Load(suitePath);
            Assert.That(set.HasErrors, Is.False, string.Join("\n", set.Diagnostics));
            var answers = pairs.ToDictionary(pair => pair.Id);
            var registry = new ProviderRegistry().Register("labelled", (target, _) => new PairClient(answers, target.Model));
            var snapshots = Path.Combine(directory, "snapshots");
            var recorded = await RunOrchestrator.RunAsync(set.Suites, new RunOptions { Mode = RunMode.Update }, registry, snapshots, _ => { }, CancellationToken.None, _ => null);
            Assert.That(recorded.ExitCode, Is.EqualTo(ExitCodes.Passed), "every old answer records (and holds its assertions)");
            var results = new List<CaseResult>();
            await RunOrchestrator.RunAsync(set.Suites, new RunOptions { Mode = RunMode.Verify, ModelOverride = "new" }, registry, snapshots, results.Add, CancellationToken.None, _ => null);
            return [.. results.Select(result => (answers[result.Case], result))];
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Whether the engine flags a case: its candidate output does not agree with the baseline (or breaks an assertion).</summary>
    public static bool Flagged(CaseResult result) => result.Outcome is CaseOutcome.Changed or CaseOutcome.AssertionFailed;

    private static (IReadOnlyList<string> Kinds, IReadOnlyList<LabelledPair> Pairs, string Suite) Load()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(FilePath))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var kinds = (YamlMappingNode)root["kinds"];
        var pairs = new List<LabelledPair>();
        var cases = new JsonArray();
        foreach (YamlMappingNode node in ((YamlSequenceNode)root["pairs"]).Children)
        {
            string Text(string key) => ((YamlScalarNode)node[key]).Value!;
            var pair = new LabelledPair(Text("id"), Text("kind"), Text("label") switch
            {
                "changed" => true,
                "same" => false,
                var other => throw new InvalidDataException($"{Text("id")}: label '{other}' is neither 'same' nor 'changed'"),
            }, Text("prompt"), Text("old"), Text("new"));
            pairs.Add(pair);

            var compare = SuiteYamlToJson.ToNode(((YamlMappingNode)kinds[pair.Kind])["compare"])!;
            if (node.Children.TryGetValue(new YamlScalarNode("labels"), out var labels))
            {
                compare = JsonNode.Parse(compare.ToJsonString().Replace("{labels}", ((YamlScalarNode)labels).Value, StringComparison.Ordinal))!;
            }

            var caseObject = new JsonObject
            {
                ["id"] = pair.Id,
                ["messages"] = new JsonArray(
                    new JsonObject { ["role"] = "system", ["content"] = "pair: " + pair.Id },
                    new JsonObject { ["role"] = "user", ["content"] = pair.Prompt }),
                ["compare"] = compare,
            };
            if (node.Children.TryGetValue(new YamlScalarNode("expect"), out var expect))
            {
                caseObject["expect"] = SuiteYamlToJson.ToNode(expect);
            }

            cases.Add(caseObject);
        }

        var suite = new JsonObject
        {
            ["id"] = "labelled",
            ["target"] = new JsonObject { ["provider"] = "labelled", ["model"] = "old" },
            ["cases"] = cases,
        };
        var json = suite.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true });
        return ([.. kinds.Children.Keys.Select(key => ((YamlScalarNode)key).Value!)], pairs, json);
    }

    /// <summary>Answers each case with its pair's old or new answer (the model name says which), found by the system message.</summary>
    private sealed class PairClient(IReadOnlyDictionary<string, LabelledPair> pairs, string model) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var pair = pairs[messages.First(message => message.Role == ChatRole.System).Text["pair: ".Length..]];
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, model == "old" ? pair.Old : pair.New)) { ModelId = model });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
