using LlmGuard.Text;

namespace LlmGuard.Tests.Text;

public sealed class OutsideTextTests
{
    [TestCase("plain text, tabs\tstay", "plain text, tabs\tstay")]
    [TestCase("\u001b]0;title\u0007\u001b[2J", "\\u001B]0;title\\u0007\\u001B[2J")]
    [TestCase("line\nfile.yaml:1:1: error LG0001: forged", "line\\u000Afile.yaml:1:1: error LG0001: forged")]
    [TestCase("cr\rback\bspace", "cr\\u000Dback\\u0008space")]
    [TestCase("separators\u2028\u2029\u0085", "separators\\u2028\\u2029\\u0085")]
    [TestCase("ünïcödé and 😀 stay", "ünïcödé and 😀 stay")]
    public void Control_characters_and_line_breaks_become_escapes(string text, string expected) =>
        Assert.That(OutsideText.Escape(text), Is.EqualTo(expected));

    [Test]
    public void Escaping_is_idempotent_and_keeps_a_safe_text_as_it_is()
    {
        const string Safe = "nothing to escape";
        var once = OutsideText.Escape("a\u001bb\nc");

        Assert.Multiple(() =>
        {
            Assert.That(OutsideText.Escape(once), Is.EqualTo(once));
            Assert.That(OutsideText.Escape(Safe), Is.SameAs(Safe));
            Assert.That(OutsideText.Escape(null), Is.Empty);
        });
    }
}
