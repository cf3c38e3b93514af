using LlmGuard.Suites;

namespace LlmGuard.Tests.Architecture;

public sealed class NamespaceCycleTests
{
    [Test]
    public void The_engine_namespaces_depend_on_one_another_in_one_direction_only()
    {
        var dependencies = NamespaceDependencies.Of(typeof(Suite).Assembly);

        var cycles = dependencies.Cycles();

        Assert.That(cycles, Is.Empty, () => "Namespaces that depend on one another in a circle:\n"
            + string.Join("\n\n", cycles.Select(cycle => string.Join(", ", cycle) + ":\n" + dependencies.Describe(cycle))));
    }

    [Test]
    public void A_cycle_made_only_inside_method_bodies_is_found()
    {
        var dependencies = NamespaceDependencies.Of(typeof(NamespaceCycleTests).Assembly);

        var cycles = dependencies.Cycles();

        Assert.That(cycles, Has.One.EqualTo(new[] { "LlmGuard.Tests.Architecture.CycleSampleA", "LlmGuard.Tests.Architecture.CycleSampleB" }));
    }
}
