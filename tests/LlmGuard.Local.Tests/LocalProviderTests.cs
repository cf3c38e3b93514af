using LlmGuard.Execution;

namespace LlmGuard.Local.Tests;

[TestFixture]
public sealed class LocalProviderTests
{
    [Test]
    public void Base_plus_adapter_with_and_without_a_scale_resolves_relative_to_the_suite()
    {
        var directory = Path.GetDirectoryName(SharedModels.RequireFile("lora-tiny-r4.gguf"))!;
        var context = new ProviderContext(directory, _ => null);
        var plain = LocalProvider.ResolveModel("llama-2-tiny-random.gguf", context);
        var adapted = LocalProvider.ResolveModel("llama-2-tiny-random.gguf+lora-tiny-r4.gguf", context);
        var scaled = LocalProvider.ResolveModel("llama-2-tiny-random.gguf+lora-tiny-r4.gguf@0.5", context);
        Assert.Multiple(() =>
        {
            Assert.That(plain.AdapterPath, Is.Null);
            Assert.That(adapted.ModelPath, Is.EqualTo(Path.Combine(directory, "llama-2-tiny-random.gguf")));
            Assert.That(adapted.AdapterPath, Is.EqualTo(Path.Combine(directory, "lora-tiny-r4.gguf")));
            Assert.That(adapted.AdapterScale, Is.EqualTo(1f));
            Assert.That(scaled.AdapterScale, Is.EqualTo(0.5f));
        });
    }

    [TestCase("llama-2-tiny-random.gguf+missing.gguf", "adapter 'missing.gguf'")]
    [TestCase("llama-2-tiny-random.gguf+lora-tiny-r4.gguf@half", "scale 'half'")]
    [TestCase("llama-2-tiny-random.gguf+lora-tiny-r4.gguf@1e30", "scale '1e30' in 'lora-tiny-r4.gguf@1e30' must be between -100 and 100")]
    [TestCase("llama-2-tiny-random.gguf+lora-tiny-r4.gguf@-100.5", "must be between -100 and 100")]
    [TestCase("llama-2-tiny-random.gguf+lora-tiny-r4.gguf@NaN", "is not a number")]
    [TestCase("llama-2-tiny-random.gguf+lora-tiny-r4.gguf@1e99", "is not a number")]
    [TestCase("nothing.gguf+lora-tiny-r4.gguf", "not a file")]
    public void Unreadable_names_are_configuration_errors(string model, string message)
    {
        var context = new ProviderContext(Path.GetDirectoryName(SharedModels.RequireFile("lora-tiny-r4.gguf"))!, _ => null);
        Assert.That(() => LocalProvider.ResolveModel(model, context), Throws.InstanceOf<ProviderConfigurationException>().With.Message.Contains(message));
    }
}
