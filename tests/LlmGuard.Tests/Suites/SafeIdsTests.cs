using LlmGuard.Suites;


namespace LlmGuard.Tests.Suites;

public sealed class SafeIdsTests
{
    [TestCase("france")]
    [TestCase("France-2")]
    [TestCase("a")]
    [TestCase("7")]
    [TestCase("case_1.v2")]
    [TestCase("console")]
    [TestCase("com10")]
    [TestCase("nul_")]
    [TestCase("trailing-")]
    [TestCase("trailing_")]
    public void Accepts_safe_ids(string id) => Assert.That(SafeIds.Problem(id), Is.Null);

    [Test]
    public void Accepts_the_longest_allowed_id() => Assert.That(SafeIds.Problem(new string('a', SafeIds.MaxLength)), Is.Null);

    [TestCase("a/b", "path separator")]
    [TestCase("a\\b", "path separator")]
    [TestCase("..", "'..'")]
    [TestCase("a..b", "'..'")]
    [TestCase("CON", "reserved device name")]
    [TestCase("con", "reserved device name")]
    [TestCase("nul.txt", "reserved device name")]
    [TestCase("Com1.json", "reserved device name")]
    [TestCase("LPT9", "reserved device name")]
    [TestCase("bell\a", "control character")]
    [TestCase("tab\there", "control character")]
    [TestCase("france.", "not ending with '.'")]
    [TestCase(".hidden", "starting with a letter or digit")]
    [TestCase("-dash", "starting with a letter or digit")]
    [TestCase("", "only ASCII letters")]
    [TestCase("with space", "only ASCII letters")]
    [TestCase("colon:name", "only ASCII letters")]
    [TestCase("star*", "only ASCII letters")]
    [TestCase("café", "only ASCII letters")]
    public void Rejects_unsafe_ids_with_the_reason(string id, string reason) => Assert.That(SafeIds.Problem(id), Does.Contain(reason));

    [Test]
    public void Rejects_ids_over_the_limit() =>
        Assert.That(SafeIds.Problem(new string('a', SafeIds.MaxLength + 1)), Does.Contain($"the limit is {SafeIds.MaxLength}"));
}
