using LlmGuard.Local.Chat;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class StopSequenceFilterTests
{
    [Test]
    public void Holds_back_a_possible_stop_and_cuts_at_it()
    {
        var filter = new StopSequenceFilter(["END"], trimLeadingWhitespace: false);
        Assert.Multiple(() =>
        {
            Assert.That(filter.Push("one E", out var first), Is.EqualTo("one "));
            Assert.That(first, Is.False);
            Assert.That(filter.Push("N", out _), Is.Empty);
            Assert.That(filter.Push("D two", out var stopped), Is.Empty);
            Assert.That(stopped, Is.True);
        });
    }

    [Test]
    public void Releases_a_false_alarm_and_the_tail()
    {
        var filter = new StopSequenceFilter(["END"], trimLeadingWhitespace: true);
        Assert.Multiple(() =>
        {
            Assert.That(filter.Push("  EN", out _), Is.Empty);
            Assert.That(filter.Push("TER E", out _), Is.EqualTo("ENTER "));
            Assert.That(filter.Flush(), Is.EqualTo("E"));
        });
    }
}
