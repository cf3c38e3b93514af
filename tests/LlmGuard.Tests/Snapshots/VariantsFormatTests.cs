using System.Text;
using LlmGuard.Snapshots;

namespace LlmGuard.Tests.Snapshots;

public sealed class VariantsFormatTests
{
    private static readonly VariantsDocument Document = new()
    {
        Suite = "demo",
        Case = "poem",
        RequestFingerprint = "sha256:abc",
        Runs = 10,
        Variants =
        [
            new VariantsDocument.Variant("The sea is wide.", 6, IsVerified: true),
            new VariantsDocument.Variant("Waves.\n--- variant 9: 1 of 1 runs, 3 characters\nstill part of the output 🌊", 3, IsVerified: false),
            new VariantsDocument.Variant("", 1, IsVerified: false),
        ],
    };

    [Test]
    public void The_file_is_a_readable_header_then_each_variant_with_its_count_and_length()
    {
        var text = Encoding.UTF8.GetString(VariantsFormat.Serialize(Document));
        Assert.That(text, Is.EqualTo("""
            # llmguard variants 1
            suite: demo
            case: poem
            request: sha256:abc
            runs: 10
            agreement: 0.6
            tarr: 0.6
            variants: 3
            ---
            --- variant 1: 6 of 10 runs, the verified output, 16 characters
            The sea is wide.
            --- variant 2: 3 of 10 runs, 74 characters
            Waves.
            --- variant 9: 1 of 1 runs, 3 characters
            still part of the output 🌊
            --- variant 3: 1 of 10 runs, 0 characters


            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public void Parsing_reads_back_every_variant_even_one_that_contains_a_variant_line()
    {
        var parsed = VariantsFormat.Parse(VariantsFormat.Serialize(Document));
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Variants, Is.EqualTo(Document.Variants));
            Assert.That((parsed.Suite, parsed.Case, parsed.RequestFingerprint, parsed.Runs), Is.EqualTo(("demo", "poem", "sha256:abc", 10)));
            Assert.That(parsed.Agreement, Is.EqualTo(0.6));
        });
    }

    [Test]
    public void The_same_measurements_serialize_to_the_same_bytes() =>
        Assert.That(VariantsFormat.Serialize(VariantsFormat.Parse(VariantsFormat.Serialize(Document))), Is.EqualTo(VariantsFormat.Serialize(Document)));

    [TestCase("# llmguard snapshot 1\n---\nx", "does not start with")]
    [TestCase("# llmguard variants 1\nsuite: s\ncase: c\nrequest: r\nruns: 2\n---\n--- variant 1: 2 of 2 runs, 50 characters\nshort\n", "shorter than its stated length")]
    [TestCase("# llmguard variants 1\nsuite: s\ncase: c\nrequest: r\nruns: 2\n---\nnot a variant line\n", "is not a '--- variant")]
    [TestCase("# llmguard variants 1\nsuite: s\ncase: c\nrequest: r\n---\n", "'runs' is missing")]
    public void A_damaged_file_is_refused_with_the_reason(string text, string reason) =>
        Assert.That(() => VariantsFormat.Parse(Encoding.UTF8.GetBytes(text)), Throws.TypeOf<FormatException>().With.Message.Contains(reason));
}
