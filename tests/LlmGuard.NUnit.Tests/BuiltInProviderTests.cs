using LlmGuard.Cli;
using LlmGuard.Suites;

namespace LlmGuard.NUnit.Tests;

public sealed class BuiltInProviderTests
{
    [Test]
    public void The_command_and_the_adapter_compose_every_built_in_provider()
    {
        Assert.That(CliContext.BuiltInProviders().Names, Is.EquivalentTo(ProviderNames.All));
        Assert.That(LlmGuardFixture.BuiltInProviders().Names, Is.EquivalentTo(ProviderNames.All));
    }

    [Test]
    public void The_http_providers_package_does_not_ship_the_local_runtime()
    {
        var references = typeof(OpenAIProviderRegistryExtensions).Assembly.GetReferencedAssemblies().Select(name => name.Name);

        Assert.That(references, Does.Not.Contain("LlmGuard.Local"));
        Assert.That(references, Does.Contain("LlmGuard"));
    }
}
