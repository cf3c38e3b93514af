using LlmGuard.Text;


namespace LlmGuard.Tests.Text;

public sealed class SuggestionsTests
{
    [TestCase("replacment", new[] { "pattern", "replacement" }, "replacement")]
    [TestCase("replace", new[] { "pattern", "replacement" }, "replacement")]
    [TestCase("REPLACE", new[] { "pattern", "replacement" }, "replacement")]
    [TestCase("requests", new[] { "requests_per_minute", "temperature" }, "requests_per_minute")]
    [TestCase("max", new[] { "max_tokens", "model" }, null)]
    [TestCase("temp", new[] { "temperature", "timeout" }, "temperature")]
    [TestCase("banana", new[] { "pattern", "replacement" }, null)]
    public void Suggests_typos_and_abbreviations_only(string input, string[] candidates, string? expected) =>
        Assert.That(Suggestions.Closest(input, candidates), Is.EqualTo(expected));
}
