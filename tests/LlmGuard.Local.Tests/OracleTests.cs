using System.Text.Json;
using LlmGuard.Local.Chat;
using LlmGuard.Local.Inference;
using LlmGuard.Local.Sampling;

namespace LlmGuard.Local.Tests;

/// <summary>Reproduces llama.cpp's tokenization and greedy decoding on the three shared oracle models.</summary>
[TestFixture]
public sealed class OracleTests
{
    private static readonly object[] ExactModels = ["llama-2-tiny-random", "llama-random-gqa-f16"];

    [TestCase("llama-2-tiny-random")]
    [TestCase("llama-random-gqa-f16")]
    [TestCase("llama-random-gqa-q8")]
    public void Tokenization_matches_every_input_ids_list(string name)
    {
        var (model, cases) = Load(name);
        Assert.Multiple(() =>
        {
            foreach (var oracleCase in cases)
            {
                Assert.That(model.Tokenizer.Encode(oracleCase.Prompt, addBos: true), Is.EqualTo(oracleCase.InputIds), oracleCase.Prompt);
            }
        });
    }

    [TestCaseSource(nameof(ExactModels))]
    public void Greedy_decoding_matches_every_sequence_on_f16_models(string name)
    {
        var (model, cases) = Load(name);
        var matches = cases.Count(oracleCase => Greedy(model, oracleCase.InputIds, oracleCase.GreedyIds.Length).SequenceEqual(oracleCase.GreedyIds));
        Assert.That(matches, Is.EqualTo(cases.Count), $"{matches}/{cases.Count} greedy sequences matched");
    }

    [Test]
    public void Greedy_decoding_matches_at_least_eight_of_twelve_sequences_on_the_q8_model()
    {
        var (model, cases) = Load("llama-random-gqa-q8");
        var matches = cases.Count(oracleCase => Greedy(model, oracleCase.InputIds, oracleCase.GreedyIds.Length).SequenceEqual(oracleCase.GreedyIds));
        TestContext.Out.WriteLine($"llama-random-gqa-q8: {matches}/{cases.Count} greedy sequences matched");
        Assert.That(matches, Is.GreaterThanOrEqualTo(8));
    }

    internal static int[] Greedy(LoadedModel model, int[] prompt, int count, int threads = 1)
    {
        var session = new InferenceSession(model.Network, prompt.Length + count, new RowParallel(threads));
        var logits = session.Evaluate(prompt);
        var output = new List<int>();
        while (output.Count < count)
        {
            var next = TokenSampler.ArgMax(logits);
            output.Add(next);
            if (output.Count < count)
            {
                logits = session.Evaluate([next]);
            }
        }

        return [.. output];
    }

    private static (LoadedModel Model, IReadOnlyList<OracleCase> Cases) Load(string name)
    {
        var modelPath = SharedModels.RequireFile(name + ".gguf");
        var oraclePath = SharedModels.RequireFile(name + ".greedy.json");
        using var document = JsonDocument.Parse(File.ReadAllText(oraclePath));
        var cases = document.RootElement.GetProperty("cases").EnumerateArray()
            .Select(element => new OracleCase(
                element.GetProperty("prompt").GetString()!,
                element.GetProperty("input_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray(),
                element.GetProperty("greedy_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray()))
            .ToList();
        return (ModelCache.Get(modelPath), cases);
    }

    private sealed record OracleCase(string Prompt, int[] InputIds, int[] GreedyIds);
}
