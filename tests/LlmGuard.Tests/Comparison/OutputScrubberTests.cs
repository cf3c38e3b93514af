using LlmGuard.Comparison;
using LlmGuard.Suites;

namespace LlmGuard.Tests.Comparison;

public sealed class OutputScrubberTests
{
    private static readonly ScrubberDefinition Guids = new() { BuiltIn = BuiltInScrubber.Guids };
    private static readonly ScrubberDefinition Dates = new() { BuiltIn = BuiltInScrubber.Dates };
    private static readonly ScrubberDefinition LongNumbers = new() { BuiltIn = BuiltInScrubber.LongNumbers };

    [TestCase("Order 3f2504e0-4f89-11d3-9a0c-0305e82c3301 created.", "Order {guid} created.")]
    [TestCase("id={3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "id={guid}")]
    [TestCase("\"requestId\": \"12345678-1234-1234-1234-123456789012\"", "\"requestId\": \"{guid}\"")]
    [TestCase("not a guid: 3f2504e0-4f89-11d3-9a0c-0305e82c33012", "not a guid: 3f2504e0-4f89-11d3-9a0c-0305e82c33012")]
    [TestCase("3f2504e0-4f89-11d3-9a0c-0305e82c330", "3f2504e0-4f89-11d3-9a0c-0305e82c330")]
    public void Guids_are_replaced(string text, string expected)
    {
        Assert.That(OutputScrubber.Scrub(text, [Guids]), Is.EqualTo(expected));
    }

    [TestCase("Released on 2024-05-01.", "Released on {date}.")]
    [TestCase("at 2024-05-01T10:20:30Z", "at {datetime}")]
    [TestCase("at 2024-05-01T10:20:30.123456+02:00 sharp", "at {datetime} sharp")]
    [TestCase("logged 2024-05-01 10:20:30 by cron", "logged {datetime} by cron")]
    [TestCase("the job ran at 10:20:30 and at 23:59:59.5", "the job ran at {time} and at {time}")]
    [TestCase("score 10:20, not a time", "score 10:20, not a time")]
    [TestCase("month 13: 2024-13-01", "month 13: 2024-13-01")]
    [TestCase("report_2024-05-01.txt", "report_{date}.txt")]
    public void Dates_and_times_are_replaced(string text, string expected)
    {
        Assert.That(OutputScrubber.Scrub(text, [Dates]), Is.EqualTo(expected));
    }

    [TestCase("Ticket 1234567 closed", "Ticket {number} closed")]
    [TestCase("timestamp=1714558830", "timestamp={number}")]
    [TestCase("12345 stays", "12345 stays")]
    [TestCase("abc123456 and 123456abc and x_1234567", "abc123456 and 123456abc and x_1234567")]
    [TestCase("12345678-1234-1234-1234-123456789012", "12345678-1234-1234-1234-123456789012")]
    public void Long_numbers_are_replaced(string text, string expected)
    {
        Assert.That(OutputScrubber.Scrub(text, [LongNumbers]), Is.EqualTo(expected));
    }

    [Test]
    public void All_built_in_scrubbers_clean_a_realistic_output()
    {
        const string output = "Your booking 9f8c1a2b-0d3e-4f5a-8b7c-6d5e4f3a2b1c is confirmed for 2025-01-15T09:30:00Z.\r\n"
            + "Confirmation number: 48213377. Check-in opens at 08:00:00 on 2025-01-15.\r\n";

        var scrubbed = OutputScrubber.Scrub(output, [Guids, Dates, LongNumbers]);

        Assert.That(scrubbed, Is.EqualTo(
            "Your booking {guid} is confirmed for {datetime}.\n"
            + "Confirmation number: {number}. Check-in opens at {time} on {date}.\n"));
    }

    [Test]
    public void A_custom_scrubber_supports_group_substitutions()
    {
        var scrubber = new ScrubberDefinition { Pattern = @"(user|session)=\w+", Replacement = "$1=<id>" };

        Assert.That(OutputScrubber.Scrub("user=alice session=x9 other=y", [scrubber]), Is.EqualTo("user=<id> session=<id> other=y"));
    }

    [Test]
    public void A_custom_scrubber_has_a_default_replacement()
    {
        Assert.That(OutputScrubber.Scrub("token abc123", [new ScrubberDefinition { Pattern = "abc[0-9]+" }]), Is.EqualTo("token {scrubbed}"));
    }

    [Test]
    public void Custom_scrubbers_run_before_built_ins_in_declaration_order()
    {
        // The built-in is declared first but must run last, so the custom pattern still sees the digits.
        ScrubberDefinition[] scrubbers =
        [
            LongNumbers,
            new() { Pattern = "order ([0-9]+)", Replacement = "order #$1" },
            new() { Pattern = "#([0-9]{3})", Replacement = "N$1-" },
        ];

        Assert.That(OutputScrubber.Scrub("order 1234567", scrubbers), Is.EqualTo("order N123-4567"));
    }

    [Test]
    public void Built_ins_run_in_declared_order()
    {
        const string text = "12345678-1234-1234-1234-123456789012 and 2024-05-01";

        Assert.Multiple(() =>
        {
            Assert.That(OutputScrubber.Scrub(text, [Guids, Dates]), Is.EqualTo("{guid} and {date}"));
            Assert.That(OutputScrubber.Scrub(text, [new ScrubberDefinition { Pattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}", Replacement = "D" }, Dates]), Is.EqualTo("12345678-1234-1234-1234-123456789012 and D"));
        });
    }

    [Test]
    public void Line_endings_are_normalized_first()
    {
        var scrubber = new ScrubberDefinition { Pattern = "a\nb", Replacement = "X" };

        Assert.That(OutputScrubber.Scrub("a\r\nb\rc", [scrubber]), Is.EqualTo("X\nc"));
    }

    [Test]
    public void An_invalid_custom_pattern_names_the_pattern_and_its_location()
    {
        var scrubber = new ScrubberDefinition { Pattern = "(unclosed", Location = new SourceLocation("suites/a.yaml", 12, 7) };

        var exception = Assert.Throws<ArgumentException>(() => OutputScrubber.Scrub("x", [scrubber]));

        Assert.That(exception.Message, Does.Contain("\"(unclosed\"").And.Contain("suites/a.yaml:12:7"));
    }

    [Test]
    public void A_catastrophic_pattern_times_out_with_a_clear_message()
    {
        var scrubber = new ScrubberDefinition { Pattern = "^(a+)+$", Location = new SourceLocation("suites/slow.yaml", 3, 5) };
        var input = new string('a', 40) + "!";

        var exception = Assert.Throws<TimeoutException>(() => OutputScrubber.Scrub(input, [scrubber]));

        Assert.That(exception.Message, Does.Contain("\"^(a+)+$\"").And.Contain("suites/slow.yaml:3:5").And.Contain("2 s"));
    }
}
