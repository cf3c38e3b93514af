using LlmGuard.Providers.Pinning;

namespace LlmGuard.Providers.Tests;

public sealed class SuitePinEditorTests
{
    [Test]
    public void Replaces_an_existing_block_pin_in_place()
    {
        const string suite = "id: s\ntarget:\n  provider: ollama\n  model: m:1b\n  pin:\n    digest: old   # stale\n    resolved_model: m:1b\n  seed: 1\ncases: []\n";

        var updated = SuitePinEditor.SetPin(suite, "new", "m:1b");

        Assert.That(updated, Is.EqualTo("id: s\ntarget:\n  provider: ollama\n  model: m:1b\n  pin: { digest: \"new\", resolved_model: \"m:1b\" }\n  seed: 1\ncases: []\n"));
    }

    [Test]
    public void Replaces_an_existing_flow_pin_and_keeps_comments_elsewhere()
    {
        const string suite = "id: s # the id\ntarget:\n    model: \"gpt-4o-2024-08-06\"  # dated\n    provider: openai\n    pin: {resolved_model: gpt-4o-2024-05-13}\ncases: []\n";

        var updated = SuitePinEditor.SetPin(suite, null, "gpt-4o-2024-08-06");

        Assert.That(updated, Is.EqualTo("id: s # the id\ntarget:\n    model: \"gpt-4o-2024-08-06\"  # dated\n    provider: openai\n    pin: { resolved_model: \"gpt-4o-2024-08-06\" }\ncases: []\n"));
    }

    [Test]
    public void Adds_a_pin_to_a_flow_target()
    {
        const string suite = "id: s\ntarget: { provider: ollama, model: m }\ncases: []\n";

        var updated = SuitePinEditor.SetPin(suite, "abc", null);

        Assert.That(updated, Is.EqualTo("id: s\ntarget: { provider: ollama, model: m, pin: { digest: \"abc\" } }\ncases: []\n"));
    }

    [Test]
    public void Adds_a_pin_when_model_is_the_last_line_without_a_newline()
    {
        const string suite = "id: s\ncases: []\ntarget:\n  provider: ollama\n  model: m";

        Assert.That(SuitePinEditor.SetPin(suite, "abc", "m:latest"), Is.EqualTo(suite + "\n  pin: { digest: \"abc\", resolved_model: \"m:latest\" }\n"));
    }

    [Test]
    public void Refuses_a_file_without_a_target() =>
        Assert.Throws<FormatException>(() => SuitePinEditor.SetPin("id: s\ncases: []\n", "abc", null));
}
