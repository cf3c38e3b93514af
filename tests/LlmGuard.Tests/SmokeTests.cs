namespace LlmGuard.Tests;

public sealed class SmokeTests
{
    [Test]
    public void Runs() => Assert.That(Environment.ProcessorCount, Is.GreaterThan(0));
}
