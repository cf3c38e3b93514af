using System.Text.Json;
using LlmGuard.Local.Chat;
using Microsoft.Extensions.AI;

namespace LlmGuard.Local.Tests;

/// <summary>Reproduces llama.cpp on the Llama 3 vocabulary: tokenization of hard strings and greedy decoding.</summary>
[TestFixture]
public sealed class BpeOracleTests
{
    [Test]
    public void Tokenization_matches_every_probe_string()
    {
        var model = Model();
        using var document = JsonDocument.Parse(File.ReadAllText(SharedModels.RequireFile("llama3-bpe-tiny.tokens.json")));
        var mismatches = new List<string>();
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        foreach (var probe in cases)
        {
            var text = probe.GetProperty("prompt").GetString()!;
            var expected = probe.GetProperty("input_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray();
            var actual = model.Tokenizer.Encode(text, addBos: true);
            if (!actual.SequenceEqual(expected))
            {
                mismatches.Add($"{JsonSerializer.Serialize(text)}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}] ({string.Join(" ", actual.Select(model.Tokenizer.PieceOf))})");
            }
        }

        Assert.That(mismatches, Is.Empty, $"{cases.Count - mismatches.Count}/{cases.Count} probe strings matched");
    }

    [Test]
    public void Decoding_gives_back_every_probe_string()
    {
        var model = Model();
        using var document = JsonDocument.Parse(File.ReadAllText(SharedModels.RequireFile("llama3-bpe-tiny.tokens.json")));
        Assert.Multiple(() =>
        {
            foreach (var probe in document.RootElement.GetProperty("cases").EnumerateArray())
            {
                var text = probe.GetProperty("prompt").GetString()!;
                Assert.That(model.Tokenizer.Decode(model.Tokenizer.Encode(text, addBos: true)), Is.EqualTo(text));
            }
        });
    }

    [Test]
    public void Greedy_decoding_matches_every_sequence()
    {
        var model = Model();
        using var document = JsonDocument.Parse(File.ReadAllText(SharedModels.RequireFile("llama3-bpe-tiny.greedy.json")));
        var mismatches = new List<string>();
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        foreach (var oracleCase in cases)
        {
            var prompt = oracleCase.GetProperty("prompt").GetString()!;
            var input = oracleCase.GetProperty("input_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray();
            var expected = oracleCase.GetProperty("greedy_ids").EnumerateArray().Select(id => id.GetInt32()).ToArray();
            Assert.That(model.Tokenizer.Encode(prompt, addBos: true), Is.EqualTo(input), prompt);
            var actual = OracleTests.Greedy(model, input, expected.Length);
            if (!actual.SequenceEqual(expected))
            {
                mismatches.Add($"{prompt}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            }
        }

        Assert.That(mismatches, Is.Empty, $"{cases.Count - mismatches.Count}/{cases.Count} greedy sequences matched");
    }

    [Test]
    public void Control_token_text_is_plain_text()
    {
        var tokenizer = Model().Tokenizer;
        Assert.That(tokenizer.Encode("<|eot_id|>", addBos: false).Select(tokenizer.PieceOf), Is.EqualTo(new[] { "<", "|", "e", "ot", "_id", "|", ">" }));
    }

    [Test]
    public void The_llama3_chat_template_is_chosen_from_the_metadata()
    {
        var model = Model();
        var tokenizer = model.Tokenizer;
        var tokens = model.ChatTemplate.Encode(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "  Hi <|eot_id|> there\n")],
            tokenizer);
        var rendered = string.Join(" ", tokens.Select(tokenizer.PieceOf));
        Assert.Multiple(() =>
        {
            Assert.That(model.ChatTemplate, Is.InstanceOf<Llama3ChatTemplate>());
            Assert.That(tokens[0], Is.EqualTo(128000));
            Assert.That(rendered, Is.EqualTo(
                "<|begin_of_text|> <|start_header_id|> system <|end_header_id|> ĊĊ Be Ġbrief . <|eot_id|> " +
                "<|start_header_id|> user <|end_header_id|> ĊĊ Hi Ġ<| e ot _id | > Ġthere <|eot_id|> " +
                "<|start_header_id|> assistant <|end_header_id|> ĊĊ"));
            Assert.That(tokens.Count(id => id == 128009), Is.EqualTo(2), "the <|eot_id|> typed by the user stays text");
            Assert.That(tokenizer.Decode(tokens), Is.EqualTo("system\n\nBe brief.user\n\nHi <|eot_id|> thereassistant\n\n"));
            Assert.That(tokenizer.IsEndOfGeneration(128009), Is.True);
            Assert.That(tokenizer.IsEndOfGeneration(128001), Is.True);
        });
    }

    [Test]
    public void Sentencepiece_models_keep_the_plain_template()
    {
        Assert.That(ModelCache.Get(SharedModels.RequireFile("llama-2-tiny-random.gguf")).ChatTemplate, Is.InstanceOf<PlainChatTemplate>());
    }

    [Test]
    public void Thread_count_does_not_change_a_single_token_on_the_llama3_model()
    {
        var model = Model();
        var prompt = model.Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 8)), addBos: true);
        Assert.That(OracleTests.Greedy(model, prompt, 12, threads: 2), Is.EqualTo(OracleTests.Greedy(model, prompt, 12, threads: 1)));
    }

    private static LoadedModel Model() => ModelCache.Get(SharedModels.RequireFile("llama3-bpe-tiny.gguf"));
}
