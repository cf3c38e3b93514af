using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace LlmGuard.NUnit.Tests;

public sealed class CaseTestBuilderTests
{
    [Test]
    public void Each_case_becomes_a_test_named_suite_slash_case_followed_by_the_gate_tests()
    {
        var tests = Build(typeof(ValidSuitesClass));

        Assert.Multiple(() =>
        {
            Assert.That(tests.Select(test => test.Name), Is.EqualTo(new[] { "capitals/france", "capitals/spain", "formats/json", "capitals/(gate)" }));
            Assert.That(tests[0].FullName, Is.EqualTo(typeof(ValidSuitesClass).FullName + ".capitals/france"));
            Assert.That(tests.Select(test => test.RunState), Is.All.EqualTo(RunState.Runnable));
            Assert.That(tests[1].Arguments, Is.EqualTo(new object[] { "capitals/spain" }));
            Assert.That(tests.Select(test => test.Properties.Get(PropertyNames.Order)), Is.EqualTo(new object[] { 0, 1, 2, 3 }));
        });
    }

    [Test]
    public void Tags_become_categories_and_ids_become_properties()
    {
        var tests = Build(typeof(ValidSuitesClass)).ToDictionary(test => test.Name);

        Assert.Multiple(() =>
        {
            Assert.That(tests["capitals/france"].Properties[PropertyNames.Category], Is.EquivalentTo(new[] { "geo", "critical" }));
            Assert.That(tests["capitals/spain"].Properties[PropertyNames.Category], Is.EquivalentTo(new[] { "geo" }));
            Assert.That(tests["formats/json"].Properties[PropertyNames.Category], Is.Empty);
            Assert.That(tests["capitals/france"].Properties.Get(CaseTestBuilder.SuiteProperty), Is.EqualTo("capitals"));
            Assert.That(tests["capitals/france"].Properties.Get(CaseTestBuilder.CaseProperty), Is.EqualTo("france"));
            Assert.That(tests["capitals/france"].Properties.Get(PropertyNames.Description), Is.EqualTo("The capital of France."));
            Assert.That(tests["capitals/(gate)"].Properties[PropertyNames.Category], Is.Empty);
        });
    }

    [Test]
    public void Suites_that_do_not_validate_give_one_runnable_test_whose_message_lists_every_diagnostic()
    {
        var tests = Build(typeof(InvalidSuitesClass));
        var message = SuiteCatalog.For(typeof(InvalidSuitesClass)).InvalidMessage;

        Assert.Multiple(() =>
        {
            Assert.That(tests.Select(test => test.Name), Is.EqualTo(new[] { "invalid/(invalid)" }));
            Assert.That(tests[0].RunState, Is.EqualTo(RunState.Runnable), "it must run and fail, not be hidden");
            Assert.That(message, Does.Contain("do not validate"));
            Assert.That(message, Does.Match(@"broken\.yaml:3:3: error LG\d+: 'target' is missing the required key 'model'"));
            Assert.That(message, Does.Match(@"broken\.yaml:4:3: error LG\d+: Unknown key 'modle'"));
            Assert.That(message, Does.Match(@"broken\.yaml:9:\d+: error LG\d+: .*contains-nothing"));
        });
    }

    [Test]
    public void A_class_without_the_attribute_gives_one_failing_test_saying_so()
    {
        var tests = Build(typeof(UnattributedClass));

        Assert.Multiple(() =>
        {
            Assert.That(tests, Has.Count.EqualTo(1));
            Assert.That(tests[0].Name, Does.EndWith("/(invalid)"));
            Assert.That(SuiteCatalog.For(typeof(UnattributedClass)).InvalidMessage, Does.Contain("has no [LlmGuardSuites(\"path\")] attribute"));
        });
    }

    private static List<TestMethod> Build(Type testClass) =>
        new LlmGuardCasesAttribute()
            .BuildFrom(new MethodWrapper(testClass, nameof(LlmGuardFixture.RunCaseAsync)), new TestFixture(new TypeWrapper(testClass)))
            .ToList();
}
