using LlmGuard.Local.Inference;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class InferenceSessionTests
{
    [TestCase("llama-random-gqa-q8")]
    [TestCase("llama-random-gqa-f16")]
    public void Logits_at_every_position_equal_token_by_token_evaluation(string name)
    {
        var model = ModelCache.Get(SharedModels.RequireFile(name + ".gguf"));
        var tokens = model.Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("Hello, my name is Bob and I like tea.", 9)), addBos: true)[..70];
        var vocabulary = model.Network.VocabularySize;

        var all = new InferenceSession(model.Network, tokens.Length, new RowParallel(2)).EvaluateAllPositions(tokens);
        var stepwise = new InferenceSession(model.Network, tokens.Length, new RowParallel(1));
        var mismatched = new List<int>();
        for (var t = 0; t < tokens.Length; t++)
        {
            var logits = stepwise.Evaluate([tokens[t]]);
            if (!System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(all.AsSpan(t * vocabulary, vocabulary)).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(logits.AsSpan())))
            {
                mismatched.Add(t);
            }
        }

        Assert.That(mismatched, Is.Empty, "positions whose batched logits differ from token-by-token evaluation");
    }
}
