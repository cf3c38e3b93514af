using System.Text;
using System.Text.Json;
using LlmGuard.Results;
using LlmGuard.Snapshots;

namespace LlmGuard.Tests.Snapshots;

public sealed class SnapshotFormatTests
{
    private static readonly SnapshotDocument Complete = new()
    {
        Suite = "capitals",
        Case = "france",
        Provider = "openai",
        Model = "gpt-4o-mini-2024-07-18",
        Identity = new ModelIdentity
        {
            ResolvedModelId = "gpt-4o-mini-2024-07-18",
            Digest = "sha256:abc",
            SystemFingerprint = "fp_1234",
            Details = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["quantization"] = "Q4_K_M", ["family"] = "llama" },
        },
        Parameters = """{"seed":7,"temperature":0}""",
        RequestFingerprint = "sha256:def",
        Output = "Paris.\n",
    };

    [Test]
    public void A_snapshot_is_a_stable_header_then_the_output_verbatim()
    {
        var text = Encoding.UTF8.GetString(SnapshotFormat.Serialize(Complete));

        Assert.That(text, Is.EqualTo("""
            # llmguard snapshot 1
            suite: capitals
            case: france
            provider: openai
            model: gpt-4o-mini-2024-07-18
            resolved_model: gpt-4o-mini-2024-07-18
            digest: sha256:abc
            system_fingerprint: fp_1234
            details: {"family":"llama","quantization":"Q4_K_M"}
            parameters: {"seed":7,"temperature":0}
            request: sha256:def
            ---
            Paris.

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void A_complete_snapshot_round_trips()
    {
        var parsed = SnapshotFormat.Parse(SnapshotFormat.Serialize(Complete), "ignored", "ignored");

        Assert.Multiple(() =>
        {
            Assert.That(parsed with { Identity = ModelIdentity.Unknown }, Is.EqualTo(Complete with { Identity = ModelIdentity.Unknown }));
            Assert.That(parsed.Identity.ResolvedModelId, Is.EqualTo(Complete.Identity.ResolvedModelId));
            Assert.That(parsed.Identity.Digest, Is.EqualTo(Complete.Identity.Digest));
            Assert.That(parsed.Identity.SystemFingerprint, Is.EqualTo(Complete.Identity.SystemFingerprint));
            Assert.That(parsed.Identity.Details, Is.EqualTo(Complete.Identity.Details));
        });
    }

    [Test]
    public void Missing_fields_are_left_out_and_read_back_as_null()
    {
        var minimal = new SnapshotDocument { Suite = "s", Case = "c", Output = "x" };

        var bytes = SnapshotFormat.Serialize(minimal);
        var parsed = SnapshotFormat.Parse(bytes, "s", "c");

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("# llmguard snapshot 1\nsuite: s\ncase: c\n---\nx"));
            Assert.That(parsed.Provider, Is.Null);
            Assert.That(parsed.RequestFingerprint, Is.Null);
            Assert.That(parsed.Identity.Details, Is.Empty);
            Assert.That(parsed.Output, Is.EqualTo("x"));
        });
    }

    [TestCase("")]
    [TestCase(" leading space")]
    [TestCase("trailing space ")]
    [TestCase("\"starts with a quote")]
    [TestCase("tab\tinside")]
    [TestCase("two\nlines")]
    [TestCase("---")]
    [TestCase("key: value")]
    [TestCase("ünïcödé → ok")]
    public void Header_values_that_need_quoting_round_trip(string model)
    {
        var document = new SnapshotDocument { Suite = "s", Case = "c", Model = model, Output = "out" };

        var bytes = SnapshotFormat.Serialize(document);
        var parsed = SnapshotFormat.Parse(bytes, "s", "c");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Model, Is.EqualTo(model));
            Assert.That(parsed.Output, Is.EqualTo("out"));
        });
    }

    [Test]
    public void A_value_that_needs_quoting_is_written_as_a_json_string()
    {
        var text = Encoding.UTF8.GetString(SnapshotFormat.Serialize(new SnapshotDocument { Suite = "s", Case = "c", Model = " padded", Provider = "", Output = "" }));

        Assert.That(text, Does.Contain("provider: \"\"\n").And.Contain("model: \" padded\"\n"));
    }

    [Test]
    public void An_output_with_separator_lines_and_a_header_lookalike_is_kept_verbatim()
    {
        const string output = "---\n# llmguard snapshot 1\nsuite: other\n---\nkey: value\n---";
        var document = new SnapshotDocument { Suite = "s", Case = "c", Model = "m", Output = output };

        var parsed = SnapshotFormat.Parse(SnapshotFormat.Serialize(document), "s", "c");

        Assert.That(parsed, Has.Property(nameof(SnapshotDocument.Output)).EqualTo(output).And.Property(nameof(SnapshotDocument.Suite)).EqualTo("s"));
    }

    [Test]
    public void Crlf_line_endings_are_written_as_lf_and_a_crlf_file_reads_the_same()
    {
        var document = new SnapshotDocument { Suite = "s", Case = "c", Model = "m", Output = "line 1\r\nline 2\r\n" };

        var bytes = SnapshotFormat.Serialize(document);
        var checkedOutWithCrlf = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(bytes, Does.Not.Contain((byte)'\r'));
            Assert.That(SnapshotFormat.Parse(bytes, "s", "c").Output, Is.EqualTo("line 1\nline 2\n"));
            Assert.That(SnapshotFormat.Parse(checkedOutWithCrlf, "s", "c"), Is.EqualTo(SnapshotFormat.Parse(bytes, "s", "c")).Using<SnapshotDocument>(SameContent));
        });
    }

    [Test]
    public void Files_are_utf8_without_a_bom_and_a_bom_is_tolerated_when_reading()
    {
        var bytes = SnapshotFormat.Serialize(new SnapshotDocument { Suite = "s", Case = "c", Output = "é" });
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. bytes];

        Assert.Multiple(() =>
        {
            Assert.That(bytes.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.That(SnapshotFormat.Parse(withBom, "s", "c").Output, Is.EqualTo("é"));
        });
    }

    [Test]
    public void Serializing_the_same_document_twice_gives_the_same_bytes() =>
        Assert.That(SnapshotFormat.Serialize(Complete with { Identity = Complete.Identity with { Details = new Dictionary<string, string> { ["quantization"] = "Q4_K_M", ["family"] = "llama" } } }),
            Is.EqualTo(SnapshotFormat.Serialize(Complete)));

    [Test]
    public void A_file_without_the_signature_is_taken_as_output_only()
    {
        var parsed = SnapshotFormat.Parse(Encoding.UTF8.GetBytes("Hand-written answer.\r\n"), "s", "c");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Output, Is.EqualTo("Hand-written answer.\n"));
            Assert.That(parsed.Suite, Is.EqualTo("s"));
            Assert.That(parsed.Case, Is.EqualTo("c"));
            Assert.That(parsed.RequestFingerprint, Is.Null);
        });
    }

    [Test]
    public void A_header_without_its_closing_separator_is_an_error() =>
        Assert.That(() => SnapshotFormat.Parse(Encoding.UTF8.GetBytes("# llmguard snapshot 1\nsuite: s\ncase: c\nno separator"), "s", "c"),
            Throws.TypeOf<FormatException>().With.Message.Contains("no closing '---'"));

    [Test]
    public void A_header_line_that_is_not_key_value_is_an_error() =>
        Assert.That(() => SnapshotFormat.Parse(Encoding.UTF8.GetBytes("# llmguard snapshot 1\nsuite: s\ngarbage\n---\nout"), "s", "c"),
            Throws.TypeOf<FormatException>().With.Message.Contains("'garbage'"));

    [Test]
    public void A_malformed_quoted_value_is_a_json_error() =>
        Assert.That(() => SnapshotFormat.Parse(Encoding.UTF8.GetBytes("# llmguard snapshot 1\nmodel: \"unterminated\n---\nout"), "s", "c"),
            Throws.InstanceOf<JsonException>());

    private static bool SameContent(SnapshotDocument left, SnapshotDocument right) =>
        left with { Identity = ModelIdentity.Unknown } == right with { Identity = ModelIdentity.Unknown }
        && left.Identity.Details.SequenceEqual(right.Identity.Details);

    [Test]
    public void An_empty_header_is_read_as_a_snapshot_without_metadata()
    {
        var document = SnapshotFormat.Parse(System.Text.Encoding.UTF8.GetBytes("# llmguard snapshot 1\n---\nthe output"), "suite", "case");

        Assert.Multiple(() =>
        {
            Assert.That(document.Output, Is.EqualTo("the output"));
            Assert.That(document.RequestFingerprint, Is.Null);
            Assert.That(document.Suite, Is.EqualTo("suite"));
        });
    }
}
