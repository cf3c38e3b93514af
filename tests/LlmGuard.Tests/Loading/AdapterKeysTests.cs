using LlmGuard.Suites;

namespace LlmGuard.Tests.Loading;

/// <summary>A local target's <c>adapter</c> / <c>adapter_scale</c> keys become part of the model it asks for.</summary>
public sealed class AdapterKeysTests
{
    private static string Suite(string provider, string extraLines) => $"""
        id: tuned
        target:
          provider: {provider}
          model: base.gguf
        {extraLines}
        cases:
          - id: one
            prompt: Hi
        """;

    [TestCase("  adapter: lora.gguf", "base.gguf+lora.gguf")]
    [TestCase("  adapter: lora.gguf\n  adapter_scale: 1", "base.gguf+lora.gguf")]
    [TestCase("  adapter: adapters/lora.gguf\n  adapter_scale: 0.5", "base.gguf+adapters/lora.gguf@0.5")]
    [TestCase("  adapter: lora.gguf\n  adapter_scale: -2", "base.gguf+lora.gguf@-2")]
    public void The_adapter_is_spelled_into_the_model(string lines, string expectedModel) =>
        Assert.That(SuiteFiles.LoadValid(Suite("local", lines)).Target.Model, Is.EqualTo(expectedModel));

    [TestCase("local", "  adapter_scale: 0.5", "needs an 'adapter'")]
    [TestCase("ollama", "  adapter: lora.gguf", "local provider only")]
    [TestCase("local", "  adapter: lora.gguf\n  adapter_scale: many", "adapter_scale")]
    [TestCase("local", "  adapter: \"\"", "LoRA adapter")]
    [TestCase("local", "  adapter: lora.gguf\n  adapter_scale: 500", "'adapter_scale' must be between -100 and 100, not 500")]
    [TestCase("local", "  adapter: lora.gguf\n  adapter_scale: -1e400", "'adapter_scale' must be a number")]
    [TestCase("local", "  adapter: lora.gguf\n  adapter_scale: .nan", "'adapter_scale' must be a number")]
    public void Misuse_is_an_error_at_the_key(string provider, string lines, string message)
    {
        var set = SuiteFiles.Load(Suite(provider, lines));
        var errors = set.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(set.Suites, Is.Empty);
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].Message, Does.Contain(message));
            Assert.That(errors[0].Location.Line, Is.GreaterThanOrEqualTo(5));
        });
    }
}
