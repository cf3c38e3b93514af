using System.Text;
using LlmGuard.Results;
using LlmGuard.Snapshots;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Snapshots;

/// <summary>Answers with tool calls in snapshot files: readable, byte-stable, and read back exactly.</summary>
public sealed class ToolCallSnapshotFormatTests
{
    private static SnapshotDocument Document(string text, params ToolCall[] calls) => new()
    {
        Suite = "tools",
        Case = "weather",
        Provider = "openai",
        Model = "gpt-4o-2024-08-06",
        Parameters = """{"temperature":0,"tool_choice":"auto"}""",
        RequestFingerprint = "sha256:abc",
        Output = text,
        ToolCalls = calls,
    };

    [Test]
    public void Calls_follow_the_text_as_indented_sorted_json_sections()
    {
        var bytes = SnapshotFormat.Serialize(Document("Checking both.",
            new ToolCall("get_weather", """{"city":"Paris","unit":"celsius"}"""),
            new ToolCall("get_time", """{"zone":"Europe/Paris","nested":{"b":[1,2.50],"a":"é"}}""")));

        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("""
            # llmguard snapshot 1
            suite: tools
            case: weather
            provider: openai
            model: gpt-4o-2024-08-06
            parameters: {"temperature":0,"tool_choice":"auto"}
            request: sha256:abc
            tool_calls: 2
            ---
            Checking both.
            --- tool call 1: get_weather
            {
              "city": "Paris",
              "unit": "celsius"
            }
            --- tool call 2: get_time
            {
              "nested": {
                "a": "é",
                "b": [
                  1,
                  2.50
                ]
              },
              "zone": "Europe/Paris"
            }
            """.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [TestCase("")]
    [TestCase("text")]
    [TestCase("text ending in a newline\n")]
    [TestCase("\n")]
    [TestCase("a line that looks like a section\n--- tool call 1: get_weather\n{\n}")]
    public void Text_and_calls_read_back_exactly_and_re_record_byte_identically(string text)
    {
        var document = Document(text,
            new ToolCall("get_weather", """{"city":"Paris"}"""),
            new ToolCall("get weather?", """{"city": "Par""") { ArgumentsValid = false },
            new ToolCall("get_time", "{}"));

        var bytes = SnapshotFormat.Serialize(document);
        var read = SnapshotFormat.Parse(bytes, "tools", "weather");

        Assert.Multiple(() =>
        {
            Assert.That(read.Output, Is.EqualTo(text));
            Assert.That(read.ToolCalls, Is.EqualTo(document.ToolCalls));
            Assert.That(SnapshotFormat.Serialize(read), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Malformed_arguments_are_kept_verbatim_as_a_json_string_and_marked()
    {
        var text = Encoding.UTF8.GetString(SnapshotFormat.Serialize(Document("", new ToolCall("get_weather", "{\"city\": \"Par\n") { ArgumentsValid = false })));

        Assert.That(text, Does.EndWith("---\n--- tool call 1: get_weather (arguments are not valid JSON)\n\"{\\\"city\\\": \\\"Par\\n\""));
    }

    [Test]
    public void A_text_only_answer_is_written_exactly_as_before()
    {
        var text = Encoding.UTF8.GetString(SnapshotFormat.Serialize(Document("Paris")));

        Assert.That(text, Does.Not.Contain("tool_calls").And.EndWith("request: sha256:abc\n---\nParis"));
    }

    [TestCase("tool_calls: 2\n---\ntext\n--- tool call 2: a\n{}", "section '--- tool call 1:' is missing")]
    [TestCase("tool_calls: 1\n---\n--- tool call 1: a\n[1]", "are not a JSON object")]
    [TestCase("tool_calls: 1\n---\n--- tool call 1: a", "has no arguments")]
    [TestCase("tool_calls: many\n---\n", "is not a number of tool calls")]
    [TestCase("tool_calls: 0\n---\n", "is not a number of tool calls")]
    public void A_damaged_tool_call_section_is_a_format_error(string rest, string message)
    {
        var bytes = Encoding.UTF8.GetBytes("# llmguard snapshot 1\nsuite: tools\n" + rest);

        Assert.That(() => SnapshotFormat.Parse(bytes, "tools", "weather"), Throws.TypeOf<FormatException>().With.Message.Contain(message));
    }

    [Test]
    public void Every_committed_snapshot_reads_without_tool_calls_and_re_records_byte_identically()
    {
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "snapshots"), "*.verified.txt", SearchOption.AllDirectories).ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var document = SnapshotFormat.Parse(bytes, "s", "c");
            Assert.That(SnapshotFormat.Serialize(document), Is.EqualTo(bytes), file);
        }
    }
}
