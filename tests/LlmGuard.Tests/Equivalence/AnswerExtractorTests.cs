using LlmGuard.Equivalence;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Equivalence;

public sealed class AnswerExtractorTests
{
    private static string? Extract(string output, ExtractPreset preset) => AnswerExtractor.Extract(output, new ExtractDefinition { Preset = preset });

    [TestCase("17 + 25 = 42, so the answer is 42.", "42")]
    [TestCase("We get 1,200 apples.", "1200")]
    [TestCase("The price is 3.50 EUR.", "3.5")]
    [TestCase("It drops to −4 degrees, then -7.", "-7")]
    [TestCase("Step 1: add. Step 2: the total is 12.00", "12")]
    [TestCase("Version v2 of model-3 says 0.", "0")]
    public void Final_number_is_the_last_number_normalized(string output, string expected) =>
        Assert.That(Extract(output, ExtractPreset.FinalNumber), Is.EqualTo(expected));

    [Test]
    public void Final_number_is_nothing_without_a_number() =>
        Assert.That(Extract("I cannot tell.", ExtractPreset.FinalNumber), Is.Null);

    [Test]
    public void Numbers_are_a_sorted_set_so_their_order_and_repetition_do_not_matter()
    {
        var first = Extract("Revenue rose 12% to 4,500 million; 12% is the best since 2019.", ExtractPreset.Numbers);
        var second = Extract("In the best quarter since 2019, revenue grew 12% and reached 4500 million.", ExtractPreset.Numbers);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("12 | 2019 | 4500"));
            Assert.That(second, Is.EqualTo(first));
        });
    }

    [Test]
    public void Code_block_is_the_first_fence_with_whitespace_collapsed()
    {
        var answer = Extract("Here you go:\n```python\ndef square(x):\n    return x * x\n```\nIt multiplies x by itself.", ExtractPreset.CodeBlock);
        Assert.Multiple(() =>
        {
            Assert.That(answer, Is.EqualTo("def square(x): return x * x"));
            Assert.That(Extract("def square(x): return x*x", ExtractPreset.CodeBlock), Is.Null, "no fence, nothing extracted");
        });
    }

    [TestCase("I can't help with that request.", "refused")]
    [TestCase("I'm sorry, but I cannot assist with picking locks.", "refused")]
    [TestCase("I won't provide instructions for that.", "refused")]
    [TestCase("I am unable to share that information.", "refused")]
    [TestCase("Sure! To pick a lock you need a tension wrench and a pick.", "answered")]
    [TestCase("Paris is the capital of France.", "answered")]
    public void Refusal_tells_a_declined_request_from_an_answer(string output, string expected) =>
        Assert.That(Extract(output, ExtractPreset.Refusal), Is.EqualTo(expected));

    [Test]
    public void A_refusal_phrase_deep_inside_a_long_answer_is_not_a_refusal()
    {
        var answer = "Here is a detailed plan for your trip to Lyon. " + new string('x', 320) + " I can't guarantee the weather, though.";
        Assert.That(Extract(answer, ExtractPreset.Refusal), Is.EqualTo("answered"));
    }

    [Test]
    public void A_regex_takes_the_answer_group_else_the_first_group_else_the_match()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AnswerExtractor.Extract("Label: negative (confidence 0.9)", new ExtractDefinition { Pattern = @"Label: (?<answer>\w+)" }), Is.EqualTo("negative"));
            Assert.That(AnswerExtractor.Extract("Label: negative", new ExtractDefinition { Pattern = @"Label: (\w+)" }), Is.EqualTo("negative"));
            Assert.That(AnswerExtractor.Extract("it is negative", new ExtractDefinition { Pattern = @"\bnegative\b" }), Is.EqualTo("negative"));
            Assert.That(AnswerExtractor.Extract("no label", new ExtractDefinition { Pattern = @"Label: (\w+)" }), Is.Null);
        });
    }

    [Test]
    public void A_regex_with_all_gives_every_match_as_a_sorted_set() =>
        Assert.That(AnswerExtractor.Extract("Paris, Lyon and Paris again; also Nice.", new ExtractDefinition { Pattern = @"\b(Paris|Lyon|Nice)\b", AllMatches = true }),
            Is.EqualTo("Lyon | Nice | Paris"));

    [Test]
    public void Json_paths_read_canonical_values_from_a_fenced_or_plain_output()
    {
        var definition = new ExtractDefinition { JsonPaths = ["$.city", "$.population"] };
        var first = AnswerExtractor.Extract("```json\n{\"population\": 2.10e6, \"city\": \"Paris\", \"note\": \"big\"}\n```", definition);
        var second = AnswerExtractor.Extract("{\"city\":\"Paris\",\"population\":2100000,\"note\":\"a large city\"}", definition);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo("$.city=\"Paris\"; $.population=2100000"));
            Assert.That(second, Is.EqualTo(first), "number spelling and other fields do not matter");
            Assert.That(AnswerExtractor.Extract("{\"town\": \"Paris\"}", definition), Is.Null, "a missing path extracts nothing");
            Assert.That(AnswerExtractor.Extract("Paris", definition), Is.Null, "not JSON");
        });
    }

    [Test]
    public void A_single_json_path_gives_the_value_alone_with_objects_in_key_order() =>
        Assert.That(AnswerExtractor.Extract("{\"address\": {\"zip\": \"75001\", \"city\": \"Paris\"}}", new ExtractDefinition { JsonPaths = ["$['address']"] }),
            Is.EqualTo("{\"city\":\"Paris\",\"zip\":\"75001\"}"));
}
